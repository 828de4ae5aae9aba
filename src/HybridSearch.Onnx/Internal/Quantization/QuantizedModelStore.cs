namespace HybridSearch.Onnx.Internal.Quantization;

/// <summary>
/// The packaged int8 models (<c>minilm-int8</c>, <c>arctic-xs-int8</c>): made from the packaged float32 model on first
/// use and cached beside it, never downloaded. The cache folder is keyed by package version and
/// <see cref="ModelQuantizer.Version"/>; its <c>model.onnx.sha256</c> records the hash of the bytes written, and a
/// cached file that no longer hashes to it is made again. Concurrent first uses each write a temporary file and rename
/// it into place; the quantisation is deterministic, so either result is the same file.
/// </summary>
internal static class QuantizedModelStore
{
    public const string Suffix = "-int8";

    // Full 8-bit weights: on the fixture texts they stayed closer to float32 than 7-bit ones (minilm, unsmoothed: minimum
    // cosine 0.976 against 0.972), and the VNNI kernel measured here cannot saturate with them (README, "int8 encoders").
    private const bool PackagedReduceRange = false;

    private const bool PackagedFloatContractions = false;

    /// <summary>Names of the packaged int8 models.</summary>
    public static IEnumerable<string> Names => PackagedModel.All.Select(m => m.Name + Suffix);

    /// <summary>The float32 packaged model <paramref name="name"/> is made from, or null when it names none.</summary>
    public static PackagedModel? FindSource(string name) =>
        name.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? PackagedModel.Find(name[..^Suffix.Length]) : null;

    public static OnnxModelConfiguration Describe(PackagedModel source) =>
        source.Configuration with
        {
            Name = source.Name + Suffix,
            Quantization = new OnnxModelQuantization(OnnxModelQuantization.DynamicInt8, source.Name, source.Model.Sha256, PackagedReduceRange, PackagedFloatContractions),
        };

    public static ModelFiles Resolve(PackagedModel source, string? cacheDirectory)
    {
        var sourceFiles = PackagedModelStore.Resolve(source, cacheDirectory);
        var configuration = Describe(source);
        var folder = Path.Combine(
            PackagedModelStore.CacheRoot(cacheDirectory), configuration.Name, PackagedModel.Version, $"q{ModelQuantizer.Version}");
        var modelPath = Path.Combine(folder, CustomModelReader.ModelFileName);
        var hashPath = modelPath + ".sha256";
        if (File.Exists(modelPath) && File.Exists(hashPath))
        {
            var recorded = File.ReadAllText(hashPath).Trim();
            var actual = FileHashing.Sha256(modelPath);
            if (string.Equals(recorded, actual, StringComparison.Ordinal))
            {
                return new ModelFiles(modelPath, sourceFiles.VocabularyPath, configuration, actual);
            }
        }

        ModelQuantizer.Quantize(sourceFiles, modelPath, PackagedReduceRange, PackagedFloatContractions);
        var sha256 = FileHashing.Sha256(modelPath);
        var temporary = Path.Combine(folder, $".model.onnx.sha256.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, sha256 + "\n");
            File.Move(temporary, hashPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return new ModelFiles(modelPath, sourceFiles.VocabularyPath, configuration, sha256);
    }
}
