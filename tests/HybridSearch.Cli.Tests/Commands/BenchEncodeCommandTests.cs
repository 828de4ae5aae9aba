using System.CommandLine;
using System.Text.Json;
using HybridSearch.Cli.Commands;

namespace HybridSearch.Cli.Tests.Commands;

[Collection("Console output")] // every test that redirects the process-wide console runs in this one collection, one at a time
public sealed class BenchEncodeCommandTests
{
    [Fact]
    public async Task Bench_encode_reads_a_beir_corpus_and_prints_one_json_line_with_docs_per_second()
    {
        var corpus = Path.GetTempFileName();
        await File.WriteAllLinesAsync(corpus, [
            """{"_id":"1","title":"Cells","text":"Stem cells differentiate."}""",
            """{"_id":"2","title":"","text":"Proteins fold."}""",
            """{"_id":"3","title":"Left out","text":"beyond the limit"}""",
        ]);
        var root = new RootCommand();
        root.Subcommands.Add(BenchCommand.Create());
        var stdout = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(stdout);
        int exitCode;
        try
        {
            exitCode = await CliHost.InvokeAsync(root, ["bench", "encode", "--model", "minilm", "--input", corpus, "--limit", "2", "--threads", "1"]);
        }
        finally
        {
            Console.SetOut(previous);
            File.Delete(corpus);
        }

        Assert.Equal(0, exitCode);
        var result = JsonDocument.Parse(stdout.ToString().Trim()).RootElement;
        Assert.Equal(2, result.GetProperty("docs").GetInt32());
        Assert.Equal(1, result.GetProperty("threads").GetInt32());
        Assert.True(result.GetProperty("docs_per_second").GetDouble() > 0);
        Assert.True(result.GetProperty("tokens").GetInt64() > 4);
    }
}
