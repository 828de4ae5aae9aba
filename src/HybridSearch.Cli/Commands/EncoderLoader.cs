using HybridSearch.Encoding;
using HybridSearch.Onnx;

namespace HybridSearch.Cli.Commands;

/// <summary>Where commands get their dual encoder from a model name (<c>minilm</c>, <c>arctic-xs</c>) or model folder.</summary>
internal static class EncoderLoader
{
    /// <summary>The model new indexes are built with when <c>--model</c> is not given.</summary>
    public const string DefaultModel = "minilm";

    /// <summary>
    /// Loads the model's ONNX encoder with its query and document prefixes. The process owns the native session until it
    /// exits: commands load one model and run to completion.
    /// </summary>
    public static DualEncoder Load(string model, OnnxEncoderOptions? options = null)
    {
        try
        {
            return OnnxDualEncoders.Create(OnnxEncoders.Load(model, options));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            throw new CliException($"Model '{model}': {e.Message}");
        }
    }
}
