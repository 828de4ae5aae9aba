using System.Numerics.Tensors;
using HybridSearch.Encoders;
using HybridSearch.Onnx.Internal;
using HybridSearch.Onnx.Internal.Quantization;
using HybridSearch.Testing;
using Onnx;
using Xunit.Abstractions;

namespace HybridSearch.Onnx.Tests.Quantization;

public sealed class OnnxQuantizationTests(ITestOutputHelper output)
{
    private static readonly string MiniLmSha256 = PackagedModel.MiniLm.Model.Sha256;

    [Fact]
    public void Quantize_writes_an_ordinary_model_folder_that_names_its_source()
    {
        using var folder = new TempDirectory();

        var result = OnnxQuantization.Quantize("minilm", folder.Path);

        Assert.Equal(36, result.QuantizedMatMuls);
        Assert.True(result.ModelBytes < result.SourceBytes);
        var configuration = OnnxEncoders.Describe(folder.Path);
        Assert.Equal(result.Configuration, configuration);
        Assert.Equal("minilm-int8", configuration.Name);
        Assert.Equal(new OnnxModelQuantization("dynamic-int8", "minilm", MiniLmSha256, ReduceRange: false, FloatContractions: false), configuration.Quantization);
        Assert.Null(OnnxEncoders.Validate(folder.Path));
        Assert.Equal(File.ReadAllBytes(PackagedModelStore.Resolve(PackagedModel.MiniLm, null).VocabularyPath), File.ReadAllBytes(folder.File("vocab.txt")));
    }

    [Fact]
    public void Every_MatMul_with_a_constant_weight_becomes_an_integer_MatMul_and_the_float_weights_are_gone()
    {
        using var folder = new TempDirectory();
        OnnxQuantization.Quantize("minilm", folder.Path);

        var source = ModelProto.Parser.ParseFrom(File.ReadAllBytes(PackagedModelStore.Resolve(PackagedModel.MiniLm, null).ModelPath));
        var quantized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(folder.File("model.onnx")));

        var constants = source.Graph.Initializer.Select(i => i.Name).ToHashSet();
        var constantMatMuls = source.Graph.Node.Count(n => n.OpType == "MatMul" && constants.Contains(n.Input[1]));
        Assert.Equal(36, constantMatMuls);
        Assert.Equal(constantMatMuls, quantized.Graph.Node.Count(n => n.OpType == "MatMulInteger"));
        Assert.Equal(12, quantized.Graph.Node.Count(n => n.OpType == "MatMul"));
        var remaining = quantized.Graph.Initializer.Select(i => i.Name).ToHashSet();
        Assert.DoesNotContain(source.Graph.Node.Where(n => n.OpType == "MatMul" && constants.Contains(n.Input[1])), n => remaining.Contains(n.Input[1]));
        Assert.Contains(quantized.MetadataProps, p => p.Key == "hybridsearch.source_sha256" && p.Value == MiniLmSha256);
    }

    [Fact]
    public void Quantising_the_same_model_twice_writes_the_same_bytes()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        var a = OnnxQuantization.Quantize("minilm", first.Path);
        var b = OnnxQuantization.Quantize("minilm", second.Path, new OnnxQuantizationOptions { Name = "other-name" });

        Assert.Equal(a.ModelSha256, b.ModelSha256);
        Assert.Equal("other-name", OnnxEncoders.Describe(second.Path).Name);
    }

    [Fact]
    public void The_packaged_int8_model_is_the_quantisation_of_the_packaged_model_and_is_made_once()
    {
        using var cache = new TempDirectory();
        using var folder = new TempDirectory();
        var expected = OnnxQuantization.Quantize("minilm", folder.Path).ModelSha256;

        var made = QuantizedModelStore.Resolve(PackagedModel.MiniLm, cache.Path);
        var written = File.GetLastWriteTimeUtc(made.ModelPath);
        var reused = QuantizedModelStore.Resolve(PackagedModel.MiniLm, cache.Path);

        Assert.Equal(expected, made.ModelSha256);
        Assert.Equal(made, reused);
        Assert.Equal(written, File.GetLastWriteTimeUtc(reused.ModelPath));
        Assert.Equal(OnnxEncoders.Describe("minilm-int8"), made.Configuration);
    }

    [Fact]
    public void A_damaged_cached_int8_model_is_made_again()
    {
        using var cache = new TempDirectory();
        var made = QuantizedModelStore.Resolve(PackagedModel.MiniLm, cache.Path);
        using (var stream = new FileStream(made.ModelPath, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 1000;
            stream.WriteByte(0x5A);
        }

        var remade = QuantizedModelStore.Resolve(PackagedModel.MiniLm, cache.Path);

        Assert.Equal(made.ModelSha256, remade.ModelSha256);
        Assert.Equal(made.ModelSha256, FileHashing.Sha256(remade.ModelPath));
    }

    [Fact]
    public void The_int8_encoder_may_query_a_float32_index_of_its_source_and_nothing_else()
    {
        using var int8 = OnnxEncoders.Load("minilm-int8");
        using var float32 = OnnxEncoders.Load("minilm");
        using var arctic = OnnxEncoders.Load("arctic-xs-int8");

        Assert.Equal(MiniLmSha256, int8.Identity.DerivedFromSha256);
        Assert.True(int8.Identity.CanQuery(float32.Identity));
        Assert.False(int8.Identity.IsCompatibleWith(float32.Identity));
        Assert.False(arctic.Identity.CanQuery(float32.Identity));
        Assert.False(float32.Identity.CanQuery(int8.Identity));
    }

    [Fact]
    public async Task Float32_contractions_bring_minilm_within_cosine_0_99_of_the_float32_reference()
    {
        using var folder = new TempDirectory();
        OnnxQuantization.Quantize("minilm", folder.Path, new OnnxQuantizationOptions { FloatContractions = true });
        using var encoder = OnnxEncoders.Load(folder.Path, new OnnxEncoderOptions { IntraOpThreads = 2 });
        var texts = PeerFixtures.Texts();
        var expected = PeerFixtures.Vectors("minilm", "doc");

        var matrix = await encoder.EncodeAsync(texts.Select(t => t.Text).ToArray());

        var minimum = texts.Select((t, i) => TensorPrimitives.CosineSimilarity(matrix.AsSpan(i * 384, 384), expected[t.Id])).Min();
        output.WriteLine($"minilm int8 with float32 contractions: minimum cosine to the float32 peer {minimum:F4}");
        Assert.True(minimum >= 0.99f, $"minimum cosine {minimum}");
        Assert.True(OnnxEncoders.Describe(folder.Path).Quantization!.FloatContractions);
    }

    [Fact]
    public void A_quantised_model_is_not_quantised_again()
    {
        using var folder = new TempDirectory();
        using var again = new TempDirectory();
        OnnxQuantization.Quantize("minilm", folder.Path);

        var error = Assert.Throws<ArgumentException>(() => OnnxQuantization.Quantize(folder.Path, again.Path));
        Assert.Contains("already quantised (from minilm)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OnnxQuantization.Quantize("minilm-int8", again.Path));
    }

    [Fact]
    public void The_output_folder_may_not_be_the_source_folder()
    {
        using var folder = new TempDirectory();
        OnnxQuantization.Quantize("minilm", folder.Path, new OnnxQuantizationOptions { Name = "x" });
        var config = OnnxEncoders.Describe(folder.Path) with { Quantization = null };
        CustomModelReader.WriteConfiguration(folder.File("hybridsearch-model.json"), config);

        var error = Assert.Throws<ArgumentException>(() => OnnxQuantization.Quantize(folder.Path, folder.Path));

        Assert.Contains("source model's own folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_an_ONNX_model_is_refused_naming_it()
    {
        using var source = new TempDirectory();
        using var target = new TempDirectory();
        File.WriteAllBytes(source.File("model.onnx"), [0xFF, 0xFF, 0xFF, 0x0F, 0x01]);
        File.Copy(PackagedModelStore.Resolve(PackagedModel.MiniLm, null).VocabularyPath, source.File("vocab.txt"));
        File.WriteAllText(source.File("hybridsearch-model.json"), """{"pooling":"mean","maxTokens":256,"dimensions":384}""");

        var error = Assert.Throws<InvalidDataException>(() => OnnxQuantization.Quantize(source.Path, target.Path));

        Assert.Contains(source.File("model.onnx"), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target.File("model.onnx")));
    }

    [Fact]
    public void A_model_below_opset_11_is_refused_naming_the_opset()
    {
        using var source = new TempDirectory();
        using var target = new TempDirectory();
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(PackagedModelStore.Resolve(PackagedModel.MiniLm, null).ModelPath));
        model.OpsetImport.Single(o => o.Domain.Length == 0).Version = 10;
        File.WriteAllBytes(source.File("model.onnx"), Google.Protobuf.MessageExtensions.ToByteArray(model));
        File.Copy(PackagedModelStore.Resolve(PackagedModel.MiniLm, null).VocabularyPath, source.File("vocab.txt"));
        File.WriteAllText(source.File("hybridsearch-model.json"), """{"pooling":"mean","maxTokens":256,"dimensions":384}""");

        var error = Assert.Throws<InvalidDataException>(() => OnnxQuantization.Quantize(source.Path, target.Path));

        Assert.Contains("opset 10", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"method":"static-int4","sourceModel":"m","sourceSha256":"SHA"}""", "\"quantization.method\" must be \"dynamic-int8\"")]
    [InlineData("""{"method":"dynamic-int8","sourceSha256":"SHA"}""", "\"quantization.sourceModel\" is required")]
    [InlineData("""{"method":"dynamic-int8","sourceModel":"m","sourceSha256":"abc"}""", "\"quantization.sourceSha256\" must be 64 lower-case hex digits")]
    [InlineData("""{"method":"dynamic-int8","sourceModel":"m","sourceSha256":"SHA","reduceRange":1}""", "\"quantization.reduceRange\" must be true or false")]
    [InlineData("""{"method":"dynamic-int8","sourceModel":"m","sourceSha256":"SHA","bits":8}""", "unknown field \"quantization.bits\"")]
    [InlineData("\"yes\"", "\"quantization\" must be an object")]
    public void Quantization_records_with_errors_are_refused_naming_the_field(string quantization, string expected)
    {
        using var folder = new TempDirectory();
        var path = folder.File("hybridsearch-model.json");
        File.WriteAllText(path, $$"""{"pooling":"mean","maxTokens":256,"dimensions":384,"quantization":{{quantization.Replace("SHA", MiniLmSha256, StringComparison.Ordinal)}}}""");

        var error = Assert.Throws<InvalidDataException>(() => CustomModelReader.ReadConfiguration(path, "m"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
