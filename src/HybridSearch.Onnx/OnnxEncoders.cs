using HybridSearch.Encoders;
using HybridSearch.Onnx.Internal;
using HybridSearch.Onnx.Internal.Quantization;

namespace HybridSearch.Onnx;

/// <summary>
/// Loads ONNX sentence encoders: a packaged model by name (<c>minilm</c>, <c>arctic-xs</c>; extracted once from its
/// NuGet package into a cache folder, never downloaded) or a custom model folder holding <c>model.onnx</c>,
/// <c>vocab.txt</c> and <c>hybridsearch-model.json</c>.
/// </summary>
public static class OnnxEncoders
{
    /// <summary>
    /// Names of the packaged models: the float32 models and their int8 quantisations (<c>minilm-int8</c>, made from the
    /// packaged <c>minilm</c> on first use and cached; see <see cref="OnnxQuantization"/>).
    /// </summary>
    public static IReadOnlyList<string> PackagedModels { get; } = [.. PackagedModel.All.Select(m => m.Name), .. QuantizedModelStore.Names];

    /// <summary>
    /// Loads <paramref name="model"/>. The encoder applies no prefix; use <see cref="OnnxDualEncoders.Create"/> for the
    /// model's query and document prefixes. Dispose it to release the native session.
    /// </summary>
    /// <param name="model">A packaged model name or the path of a custom model folder.</param>
    /// <param name="options">Batching, threads and cache folder; null for defaults.</param>
    /// <exception cref="DirectoryNotFoundException"><paramref name="model"/> is neither a packaged name nor a folder.</exception>
    /// <exception cref="FileNotFoundException">A model file is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">A model file or the configuration is invalid (the message names it).</exception>
    public static ITextEncoder Load(string model, OnnxEncoderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        options ??= new OnnxEncoderOptions();
        options.Validate();
        return OnnxTextEncoder.Create(Locate(model, options.ModelCacheDirectory), options);
    }

    /// <summary>The configuration of <paramref name="model"/> (pooling, limit, prefixes) without loading its weights.</summary>
    public static OnnxModelConfiguration Describe(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (PackagedModel.Find(model) is { } packaged)
        {
            return packaged.Configuration;
        }

        if (QuantizedModelStore.FindSource(model) is { } source)
        {
            return QuantizedModelStore.Describe(source);
        }

        var folder = RequireFolder(model);
        var path = Path.Combine(folder, CustomModelReader.ConfigurationFileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model folder '{folder}' has no {CustomModelReader.ConfigurationFileName}.", path);
        }

        return CustomModelReader.ReadConfiguration(path, Path.GetFileName(folder));
    }

    /// <summary>
    /// Checks, without loading weights, that <paramref name="model"/> can be loaded: a packaged model name (in any case) or
    /// a folder holding <c>model.onnx</c>, <c>vocab.txt</c> and a valid <c>hybridsearch-model.json</c>. The one rule every
    /// host applies at start-up. Null when it can; otherwise what is wrong, phrased to follow the name of the setting or
    /// option that holds the model (<c>HybridSearch:Model '/x' has no vocab.txt …</c>).
    /// </summary>
    public static string? Validate(string? model)
    {
        var packaged = string.Join(", ", PackagedModels);
        if (string.IsNullOrWhiteSpace(model))
        {
            return $"is not set: name a packaged model ({packaged}) or a model folder";
        }

        if (PackagedModel.Find(model) is not null || QuantizedModelStore.FindSource(model) is not null)
        {
            return null;
        }

        var folder = Path.GetFullPath(model);
        if (!Directory.Exists(folder))
        {
            return $"'{model}' is neither a packaged model ({packaged}) nor an existing folder ('{folder}')";
        }

        foreach (var name in CustomModelReader.RequiredFiles)
        {
            if (!File.Exists(Path.Combine(folder, name)))
            {
                var required = string.Join(", ", CustomModelReader.RequiredFiles);
                return $"'{model}' is a folder without {name} (a custom model folder holds {required})";
            }
        }

        try
        {
            var configuration = Path.Combine(folder, CustomModelReader.ConfigurationFileName);
            _ = CustomModelReader.ReadConfiguration(configuration, Path.GetFileName(folder));
            return null;
        }
        catch (InvalidDataException e)
        {
            return $"'{model}' has an invalid configuration: {e.Message}";
        }
    }

    internal static ModelFiles Locate(string model, string? cacheDirectory)
    {
        if (PackagedModel.Find(model) is { } packaged)
        {
            return PackagedModelStore.Resolve(packaged, cacheDirectory);
        }

        return QuantizedModelStore.FindSource(model) is { } source
            ? QuantizedModelStore.Resolve(source, cacheDirectory)
            : CustomModelReader.Read(RequireFolder(model));
    }

    private static string RequireFolder(string model)
    {
        var folder = Path.GetFullPath(model);
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"Model {Validate(model)}.");
    }
}
