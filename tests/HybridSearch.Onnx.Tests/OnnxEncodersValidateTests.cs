using HybridSearch.Testing;
namespace HybridSearch.Onnx.Tests;

/// <summary>The one start-up check of a model setting, shared by the CLI, the worker and <c>AddOnnxEncoders</c>.</summary>
public sealed class OnnxEncodersValidateTests
{
    private const string Configuration = """{"pooling":"mean","maxTokens":256,"dimensions":384}""";

    [Theory]
    [InlineData("minilm")]
    [InlineData("MiniLM")]
    [InlineData("ARCTIC-XS")]
    public void Packaged_names_pass_in_any_case(string model) => Assert.Null(OnnxEncoders.Validate(model));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_model_is_refused_listing_the_packaged_names(string? model) =>
        Assert.Equal("is not set: name a packaged model (minilm, arctic-xs, minilm-int8, arctic-xs-int8) or a model folder", OnnxEncoders.Validate(model));

    [Fact]
    public void A_name_that_is_neither_packaged_nor_a_folder_is_refused_naming_the_full_path()
    {
        var error = OnnxEncoders.Validate("no-such-model");

        Assert.Equal(
            $"'no-such-model' is neither a packaged model (minilm, arctic-xs, minilm-int8, arctic-xs-int8) nor an existing folder ('{Path.GetFullPath("no-such-model")}')",
            error);
    }

    [Fact]
    public void A_complete_folder_passes_without_loading_the_model()
    {
        using var folder = Folder(Configuration);

        Assert.Null(OnnxEncoders.Validate(folder.Path));
    }

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("vocab.txt")]
    [InlineData("hybridsearch-model.json")]
    public void A_folder_missing_a_file_is_refused_naming_the_file(string missing)
    {
        using var folder = Folder(Configuration);
        File.Delete(folder.File(missing));

        var error = OnnxEncoders.Validate(folder.Path);

        Assert.StartsWith($"'{folder.Path}' is a folder without {missing} ", error, StringComparison.Ordinal);
        Assert.Contains("model.onnx, vocab.txt, hybridsearch-model.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_with_an_invalid_configuration_is_refused_naming_the_field()
    {
        using var folder = Folder("""{"pooling":"max","maxTokens":256,"dimensions":384}""");

        var error = OnnxEncoders.Validate(folder.Path);

        Assert.StartsWith($"'{folder.Path}' has an invalid configuration: ", error, StringComparison.Ordinal);
        Assert.Contains("\"pooling\" must be \"mean\" or \"cls\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_missing_model_reports_what_validate_reports()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => OnnxEncoders.Load("no-such-model"));

        Assert.Equal($"Model {OnnxEncoders.Validate("no-such-model")}.", error.Message);
    }

    private static TempDirectory Folder(string configuration)
    {
        var folder = new TempDirectory();
        File.WriteAllBytes(folder.File("model.onnx"), [0]);
        File.WriteAllText(folder.File("vocab.txt"), "[PAD]\n");
        File.WriteAllText(folder.File("hybridsearch-model.json"), configuration);
        return folder;
    }
}
