using HybridSearch.Encoding;
using HybridSearch.Onnx;
using HybridSearch.Worker.Testing;

namespace HybridSearch.Worker;

/// <summary>The worker's document encoder (with the model's document prefix, if any) and the session it owns.</summary>
internal sealed class LoadedEncoder : IDisposable
{
    private readonly ITextEncoder _model;

    public LoadedEncoder(EncoderOptions options)
    {
        if (options.Model == FakeHashEncoder.ModelName)
        {
            _model = new FakeHashEncoder(delayPerText: options.FakeDelayPerDocument);
            Document = _model;
            return;
        }

        _model = OnnxEncoders.Load(options.Model, new OnnxEncoderOptions { IntraOpThreads = options.IntraOpThreads });
        Document = OnnxDualEncoders.Create(_model).DocumentEncoder;
    }

    /// <summary>Encodes documents and passages.</summary>
    public ITextEncoder Document { get; }

    public void Dispose() => _model.Dispose();
}
