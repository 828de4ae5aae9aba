using HybridSearch.Encoding;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// Where the embedded-index commands get their dual encoder from a model name (<c>minilm</c>, <c>arctic-xs</c>) or folder.
/// The one place to wire to the ONNX encoder factory of HybridSearch.Onnx once it lands.
/// </summary>
internal static class EncoderLoader
{
    /// <summary>The model new indexes are built with when <c>--model</c> is not given.</summary>
    public const string DefaultModel = "minilm";

    public static DualEncoder Load(string model) =>
        throw new CliException($"Model '{model}': the ONNX encoder is not available yet in this build.");
}
