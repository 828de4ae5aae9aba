using HybridSearch.Encoders;

namespace HybridSearch.Onnx.Tests;

/// <summary>Both packaged encoders, loaded once for every test in <see cref="PackagedEncodersGroup"/>.</summary>
public sealed class PackagedEncoders : IDisposable
{
    private readonly Dictionary<string, ITextEncoder> _encoders = new(StringComparer.Ordinal);

    public PackagedEncoders()
    {
        foreach (var model in PeerFixtures.Models)
        {
            _encoders[model] = OnnxEncoders.Load(model, new OnnxEncoderOptions { IntraOpThreads = 2 });
        }
    }

    public ITextEncoder this[string model] => _encoders[model];

    public void Dispose()
    {
        foreach (var encoder in _encoders.Values)
        {
            encoder.Dispose();
        }
    }
}
