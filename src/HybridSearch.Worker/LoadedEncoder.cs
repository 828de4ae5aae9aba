using HybridSearch.Encoders;
using HybridSearch.Onnx;

namespace HybridSearch.Worker;

/// <summary>The worker's ONNX model, its two towers (the document side gets the model's document prefix, if any), and the session it owns.</summary>
internal sealed class LoadedEncoder : IDisposable
{
    private readonly ITextEncoder _model;

    public LoadedEncoder(EncoderOptions options)
    {
        _model = OnnxEncoders.Load(options.Model, new OnnxEncoderOptions { IntraOpThreads = options.IntraOpThreads });
        Dual = OnnxDualEncoders.Create(_model);
    }

    /// <summary>The model's query and document towers; the pipeline encodes with the document tower.</summary>
    public DualEncoder Dual { get; }

    public void Dispose() => _model.Dispose();
}
