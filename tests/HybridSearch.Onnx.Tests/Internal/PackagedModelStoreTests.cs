using HybridSearch.Onnx.Internal;
using HybridSearch.Testing;

namespace HybridSearch.Onnx.Tests.Internal;

public sealed class PackagedModelStoreTests
{
    [Fact]
    public void Cached_files_whose_hash_or_size_no_longer_match_are_extracted_again()
    {
        using var cache = new TempDirectory();
        var files = PackagedModelStore.Resolve(PackagedModel.ArcticXs, cache.Path);
        Assert.Equal(Path.Combine(cache.Path, "arctic-xs", "24.9.52193", "model.onnx"), files.ModelPath);

        // Same size, one byte changed: only the hash can tell.
        var vocabulary = File.ReadAllBytes(files.VocabularyPath);
        vocabulary[1000] ^= 0x20;
        File.WriteAllBytes(files.VocabularyPath, vocabulary);
        using (var model = new FileStream(files.ModelPath, FileMode.Open))
        {
            model.SetLength(1000);
        }

        Assert.False(PackagedModelStore.IsIntact(files.VocabularyPath, PackagedModel.ArcticXs.Vocabulary));
        var again = PackagedModelStore.Resolve(PackagedModel.ArcticXs, cache.Path);

        Assert.True(PackagedModelStore.IsIntact(again.VocabularyPath, PackagedModel.ArcticXs.Vocabulary));
        Assert.True(PackagedModelStore.IsIntact(again.ModelPath, PackagedModel.ArcticXs.Model));
        Assert.Equal(["model.onnx", "vocab.txt"], Directory.GetFiles(Path.GetDirectoryName(again.ModelPath)!).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void The_package_dlls_are_copied_next_to_the_app_that_references_the_encoders()
    {
        foreach (var model in PackagedModel.All)
        {
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "models", model.AssemblyFileName)), model.AssemblyFileName);
        }
    }

    [Fact]
    public void An_explicit_cache_directory_wins()
    {
        Assert.Equal(Path.GetFullPath("some/cache"), PackagedModelStore.CacheRoot("some/cache"));
    }
}
