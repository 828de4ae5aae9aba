using HybridSearch.Encoders;

namespace HybridSearch.Onnx;

/// <summary>Dual encoders over ONNX models: one model for both sides, each side with the model's own prefix.</summary>
public static class OnnxDualEncoders
{
    /// <summary>
    /// A siamese <see cref="DualEncoder"/> over <paramref name="encoder"/> (from <see cref="OnnxEncoders.Load"/>) with
    /// its model's query and document prefixes (arctic-xs: <c>Represent this sentence for searching relevant passages: </c>
    /// before queries). The caller keeps ownership of <paramref name="encoder"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="encoder"/> does not describe an ONNX model configuration.</exception>
    public static DualEncoder Create(ITextEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var configuration = encoder.GetService(typeof(OnnxModelConfiguration)) as OnnxModelConfiguration
            ?? throw new ArgumentException(
                $"Encoder {encoder.Identity} does not come from {nameof(OnnxEncoders)}.{nameof(OnnxEncoders.Load)}: its prefixes are unknown.",
                nameof(encoder));
        return DualEncoder.Siamese(encoder, configuration.QueryPrefix, configuration.DocumentPrefix);
    }
}
