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

    /// <summary>
    /// <paramref name="encoder"/>'s document tower with the query tower of <paramref name="queryModel"/>, which must be
    /// allowed to search what that document tower writes (<see cref="EncoderIdentity.CanQuery"/>: the same weights, or
    /// an int8 quantisation of them).
    /// </summary>
    public static DualEncoder WithQueryTower(DualEncoder encoder, string queryModel, OnnxEncoderOptions? options = null)
    {
        var queries = Load(queryModel, options);
        if (!queries.QueryEncoder.Identity.CanQuery(encoder.DocumentIdentity))
        {
            throw new CliException(
                $"--query-model '{queryModel}' ({queries.QueryEncoder.Identity}) is neither the document model " +
                $"{encoder.DocumentIdentity} nor derived from it: its query vectors would not live in the documents' space");
        }

        return DualEncoder.Asymmetric(queries.QueryEncoder, encoder.DocumentEncoder);
    }

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
