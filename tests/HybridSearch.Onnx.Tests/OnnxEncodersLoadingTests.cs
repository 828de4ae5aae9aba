using System.Numerics.Tensors;
using HybridSearch.Encoders;
using HybridSearch.Onnx.Internal;
using HybridSearch.Testing;

namespace HybridSearch.Onnx.Tests;

[Collection(PackagedEncodersGroup.Name)]
public sealed class OnnxEncodersLoadingTests(PackagedEncoders encoders)
{
    private const string ValidConfiguration = """{"name":"my-minilm","pooling":"mean","maxTokens":256,"dimensions":384}""";

    [Fact]
    public void A_model_that_is_neither_packaged_nor_a_folder_is_refused_naming_the_path()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => OnnxEncoders.Load("/no/such/model-folder"));

        Assert.Contains("/no/such/model-folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("minilm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_model_folder_loads_and_encodes_like_the_packaged_model_with_the_same_files()
    {
        using var folder = CustomFolder(ValidConfiguration);

        using var custom = OnnxEncoders.Load(folder.Path);

        Assert.Equal(new EncoderIdentity("my-minilm", encoders["minilm"].Identity.Sha256, 384), custom.Identity);
        var expected = await encoders["minilm"].EncodeAsync("custom models work");
        Assert.True(TensorPrimitives.CosineSimilarity(await custom.EncodeAsync("custom models work"), expected) > 0.99999f);
    }

    [Fact]
    public void A_corrupt_model_file_is_refused_naming_the_file()
    {
        using var folder = CustomFolder(ValidConfiguration, modelBytes: "this is not an ONNX graph"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => OnnxEncoders.Load(folder.Path));

        Assert.Contains(folder.File("model.onnx"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_vocabulary_is_refused_naming_the_file()
    {
        using var folder = CustomFolder(ValidConfiguration);
        File.Delete(folder.File("vocab.txt"));

        var error = Assert.Throws<FileNotFoundException>(() => OnnxEncoders.Load(folder.Path));

        Assert.Contains("vocab.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_dimensions_that_differ_from_the_model_output_are_refused()
    {
        using var folder = CustomFolder("""{"pooling":"mean","maxTokens":256,"dimensions":128}""");

        var error = Assert.Throws<InvalidDataException>(() => OnnxEncoders.Load(folder.Path));

        Assert.Contains("128 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"maxTokens":256,"dimensions":384}""", "\"pooling\" is required")]
    [InlineData("""{"pooling":"max","maxTokens":256,"dimensions":384}""", "\"pooling\" must be \"mean\" or \"cls\"")]
    [InlineData("""{"pooling":"cls","maxTokens":2,"dimensions":384}""", "\"maxTokens\" must be a whole number of at least 3")]
    [InlineData("""{"pooling":"cls","maxTokens":256}""", "\"dimensions\" is required")]
    [InlineData("""{"pooling":"cls","maxTokens":256,"dimensions":"384"}""", "\"dimensions\" must be a whole number")]
    [InlineData("""{"pooling":"cls","maxTokens":256,"dimensions":384,"lowerCase":"yes"}""", "\"lowerCase\" must be true or false")]
    [InlineData("""{"pooling":"cls","maxTokens":256,"dimensions":384,"queryPrefix":1}""", "\"queryPrefix\" must be a string")]
    [InlineData("""{"pooling":"cls","maxToken":256,"dimensions":384}""", "unknown field \"maxToken\"")]
    [InlineData("""{"pooling":"cls",""", "not valid JSON")]
    [InlineData("""[1,2]""", "expected a JSON object")]
    public void Configuration_errors_name_the_file_and_the_field(string json, string expected)
    {
        using var folder = CustomFolder(json, modelBytes: [0]);

        var error = Assert.Throws<InvalidDataException>(() => OnnxEncoders.Load(folder.Path));

        Assert.StartsWith(folder.File("hybridsearch-model.json") + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxEncoders.Load("minilm", new OnnxEncoderOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxEncoders.Load("minilm", new OnnxEncoderOptions { IntraOpThreads = -1 }));
    }

    [Fact]
    public void Packaged_models_are_described_as_in_the_design()
    {
        Assert.Equal(["minilm", "arctic-xs", "minilm-int8", "arctic-xs-int8"], OnnxEncoders.PackagedModels);
        Assert.Equal(new OnnxModelConfiguration("minilm", ModelPooling.Mean, 256, 384, "", "", true), OnnxEncoders.Describe("minilm"));
        Assert.Equal(
            new OnnxModelConfiguration("arctic-xs", ModelPooling.Cls, 512, 384, "Represent this sentence for searching relevant passages: ", "", true),
            OnnxEncoders.Describe("arctic-xs"));
    }

    private static TempDirectory CustomFolder(string json, byte[]? modelBytes = null)
    {
        var folder = new TempDirectory();
        var packaged = PackagedModelStore.Resolve(PackagedModel.MiniLm, cacheDirectory: null);
        if (modelBytes is null)
        {
            File.CreateSymbolicLink(folder.File("model.onnx"), packaged.ModelPath);
        }
        else
        {
            File.WriteAllBytes(folder.File("model.onnx"), modelBytes);
        }

        File.Copy(packaged.VocabularyPath, folder.File("vocab.txt"));
        File.WriteAllText(folder.File("hybridsearch-model.json"), json);
        return folder;
    }
}
