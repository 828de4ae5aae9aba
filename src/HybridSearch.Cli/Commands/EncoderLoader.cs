using HybridSearch.Encoders;
using HybridSearch.Onnx;

namespace HybridSearch.Cli.Commands;

/// <summary>Where commands get their encoder from a model name (<c>minilm</c>, <c>arctic-xs</c>) or model folder.</summary>
internal static class EncoderLoader
{
    /// <summary>The model new indexes are built with when <c>--model</c> is not given.</summary>
    public const string DefaultModel = "minilm";

    /// <summary>
    /// Loads the model's ONNX encoder with its query and document prefixes. The process owns the native session until it
    /// exits: commands load one model and run to completion.
    /// </summary>
    public static DualEncoder Load(string model, OnnxEncoderOptions? options = null) => OnnxDualEncoders.Create(LoadModel(model, options));

    /// <summary>Loads the bare model (no prefixes), checked by <see cref="OnnxEncoders.Validate"/> first; the caller disposes it.</summary>
    public static ITextEncoder LoadModel(string model, OnnxEncoderOptions? options = null)
    {
        if (OnnxEncoders.Validate(model) is { } error)
        {
            throw new CliException($"Model {error}");
        }

        try
        {
            return OnnxEncoders.Load(model, options);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            throw new CliException($"Model '{model}': {e.Message}");
        }
    }
}
