using HybridSearch.Onnx.Internal;
using HybridSearch.Onnx.Internal.Quantization;

namespace HybridSearch.Onnx;

/// <summary>
/// Dynamic int8 quantisation of a sentence encoder, written over the ONNX protobuf schema: every MatMul with a constant
/// weight matrix gets per-output-channel int8 weights, and its activations are quantised to uint8 at run time, which
/// ONNX Runtime runs with its integer GEMM kernels. Everything else (embeddings, layer norms, softmax, pooling) stays
/// float32. The packaged <c>minilm-int8</c> and <c>arctic-xs-int8</c> are made this way on first use.
/// </summary>
public static class OnnxQuantization
{
    /// <summary>
    /// Quantises <paramref name="model"/> (a packaged name or a model folder) into <paramref name="outputFolder"/>, an
    /// ordinary model folder whose <c>hybridsearch-model.json</c> records the quantisation and the source's hash.
    /// </summary>
    /// <exception cref="ArgumentException">The output folder is the source's folder, or the source is already quantised.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="model"/> is neither a packaged name nor a folder.</exception>
    /// <exception cref="InvalidDataException">The source is not a quantisable ONNX model (the message says why).</exception>
    public static OnnxQuantizationResult Quantize(string model, string outputFolder, OnnxQuantizationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        options ??= new OnnxQuantizationOptions();
        var source = OnnxEncoders.Locate(model, cacheDirectory: null);
        if (source.Configuration.Quantization is { } already)
        {
            throw new ArgumentException(
                $"Model '{model}' is already quantised (from {already.SourceModel}); quantise the float32 model instead.", nameof(model));
        }

        var output = Path.GetFullPath(outputFolder);
        if (string.Equals(Path.GetFullPath(Path.GetDirectoryName(source.ModelPath)!), output, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The output folder '{output}' is the source model's own folder; name a new one.", nameof(outputFolder));
        }

        var name = string.IsNullOrWhiteSpace(options.Name) ? source.Configuration.Name + QuantizedModelStore.Suffix : options.Name;
        var configuration = source.Configuration with
        {
            Name = name,
            Quantization = new OnnxModelQuantization(
                OnnxModelQuantization.DynamicInt8, source.Configuration.Name, source.ModelSha256, options.ReduceRange, options.FloatContractions),
        };

        Directory.CreateDirectory(output);
        var modelPath = Path.Combine(output, CustomModelReader.ModelFileName);
        var count = ModelQuantizer.Quantize(source, modelPath, options.ReduceRange, options.FloatContractions);
        File.Copy(source.VocabularyPath, Path.Combine(output, CustomModelReader.VocabularyFileName), overwrite: true);
        CustomModelReader.WriteConfiguration(Path.Combine(output, CustomModelReader.ConfigurationFileName), configuration);
        return new OnnxQuantizationResult(
            output, configuration, FileHashing.Sha256(modelPath), count, new FileInfo(source.ModelPath).Length, new FileInfo(modelPath).Length);
    }
}
