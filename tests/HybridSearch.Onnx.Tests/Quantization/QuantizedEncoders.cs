using HybridSearch.Encoders;

namespace HybridSearch.Onnx.Tests.Quantization;

/// <summary>
/// The packaged int8 encoders (<c>minilm-int8</c>, <c>arctic-xs-int8</c>), made from the packaged float32 models on first
/// use, loaded once for every test in <see cref="QuantizedEncodersGroup"/>.
/// </summary>
public sealed class QuantizedEncoders : IDisposable
{
    private readonly Dictionary<string, ITextEncoder> _encoders = new(StringComparer.Ordinal);

    public QuantizedEncoders()
    {
        foreach (var model in PeerFixtures.Models)
        {
            _encoders[model] = OnnxEncoders.Load(model + "-int8", new OnnxEncoderOptions { IntraOpThreads = 2 });
        }
    }

    /// <summary>The int8 encoder made from float32 model <paramref name="model"/>.</summary>
    public ITextEncoder this[string model] => _encoders[model];

    public void Dispose()
    {
        foreach (var encoder in _encoders.Values)
        {
            encoder.Dispose();
        }
    }
}
