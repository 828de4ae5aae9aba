using System.CommandLine;
using System.Numerics.Tensors;
using System.Text.Json;
using HybridSearch.Cli.Commands;
using HybridSearch.Cli.Tests.Support;
using HybridSearch.Encoders;
using HybridSearch.Onnx;

namespace HybridSearch.Cli.Tests.Commands;

// Console output is redirected per test, so these tests must not run in parallel with each other.
[Collection("Console output")] // every test that redirects the process-wide console runs in this one collection, one at a time
public sealed class EmbedCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hybridsearch-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Vectors_come_out_in_input_order_with_ids_as_given_and_titles_prepended()
    {
        var input = Write("in.jsonl",
            """{"id":"b","text":"A man is eating food."}""",
            "",
            """{"_id":7,"title":"Bread","text":"A man is eating a piece of bread."}""",
            """{"id":"a","text":"A man is riding a horse.","title":null}""");
        var output = Path.Combine(_folder, "out.jsonl");

        var (exitCode, _, error) = await RunAsync("embed", "--model", "minilm", "--kind", "document", "--input", input, "--output", output);

        Assert.True(exitCode == 0, error);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["\"b\"", "7", "\"a\""], lines.Select(l => l.GetProperty("id").GetRawText()));
        using var encoder = OnnxEncoders.Load("minilm");
        string[] texts = ["A man is eating food.", "Bread A man is eating a piece of bread.", "A man is riding a horse."];
        for (var i = 0; i < texts.Length; i++)
        {
            var vector = lines[i].GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            var expected = await encoder.EncodeAsync(texts[i]);
            Assert.True(TensorPrimitives.CosineSimilarity(vector, expected) > 0.99999f);
        }
    }

    [Theory]
    [InlineData("""{"id":"x","text":"fine"}""" + "\n" + """{"id":"y","txt":"typo"}""", ":2: document 'y' has no \"text\" string")]
    [InlineData("""{"id":"x","text":"fine"}""" + "\n\n" + """{"id":"y","text":"cut""", ":3: malformed JSON")]
    [InlineData("""{"text":"no id"}""", ":1: missing id")]
    [InlineData("""["not","an","object"]""", ":1: expected a JSON object")]
    public async Task A_malformed_line_fails_with_its_line_number_and_leaves_the_previous_output_untouched(string content, string expected)
    {
        var input = Write("bad.jsonl", content);
        var output = Write("out.jsonl", "previous");

        var (exitCode, _, error) = await RunAsync("embed", "--model", "minilm", "--kind", "query", "--input", input, "--output", output);

        Assert.Equal(1, exitCode);
        Assert.Contains(input + expected, error, StringComparison.Ordinal);
        Assert.Equal("previous", File.ReadAllText(output).Trim());
        Assert.Single(Directory.GetFiles(_folder, "*out.jsonl*"));
    }

    [Fact]
    public async Task A_query_prints_the_nearest_texts_best_first()
    {
        var input = Write("in.jsonl",
            """{"id":"food","text":"A man is eating food."}""",
            """{"id":"horse","text":"A man is riding a horse."}""",
            """{"id":"bread","text":"A man is eating a piece of bread."}""");

        var (exitCode, stdout, error) = await RunAsync(
            "embed", "--model", "minilm", "--kind", "document", "--input", input, "--query", "someone eats bread", "--k", "2");

        Assert.True(exitCode == 0, error);
        var ranked = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(2, ranked.Length);
        Assert.Contains("\"bread\"", ranked[0], StringComparison.Ordinal);
        Assert.Contains("\"food\"", ranked[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_fails_with_one_line_naming_it()
    {
        var input = Write("in.jsonl", """{"id":"a","text":"x"}""");

        var (exitCode, _, error) = await RunAsync("embed", "--model", "/no/such/model", "--kind", "document", "--input", input, "--output", "o.jsonl");

        Assert.Equal(1, exitCode);
        Assert.Contains("/no/such/model", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        InProcessCli.RunAsync([EmbedCommand.Create(), BenchCommand.Create()], args);
}
