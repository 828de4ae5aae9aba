namespace HybridSearch.Onnx.Tests.Quantization;

[CollectionDefinition(Name)]
public sealed class QuantizedEncodersGroup : ICollectionFixture<QuantizedEncoders>
{
    public const string Name = "quantized encoders";
}
