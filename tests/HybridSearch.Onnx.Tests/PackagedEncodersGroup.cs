namespace HybridSearch.Onnx.Tests;

[CollectionDefinition(Name)]
public sealed class PackagedEncodersGroup : ICollectionFixture<PackagedEncoders>
{
    public const string Name = "packaged encoders";
}
