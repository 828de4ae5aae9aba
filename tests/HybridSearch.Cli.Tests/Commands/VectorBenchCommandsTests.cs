using System.CommandLine;
using System.Text.Json;
using HybridSearch.Cli.Commands;
using HybridSearch.Cli.Tests.Support;
using HybridSearch.Embedded;
using HybridSearch.Testing;

namespace HybridSearch.Cli.Tests.Commands;

/// <summary>
/// bench synthetic, bench search and bench kernels end to end on small sizes, and ingest of the precomputed vectors bench
/// synthetic writes. The figures themselves are measured by hand (README); these prove the commands measure what they say.
/// </summary>
[Collection("Console output")]
public sealed class VectorBenchCommandsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_synthetic_index_is_searched_in_every_mode_and_exact_is_the_truth_the_others_are_measured_against()
    {
        var index = _temp.File("index");
        var queries = _temp.File("queries.jsonl");
        var (code, output) = await RunAsync("bench", "synthetic", "--count", "3000", "--dimensions", "32", "--clusters", "20",
            "--index", index, "--queries-output", queries, "--queries", "40");
        Assert.Equal(0, code);
        Assert.Equal(3000, JsonDocument.Parse(output).RootElement.GetProperty("vectors").GetInt64());
        Assert.Equal(40, File.ReadLines(queries).Count());

        (code, output) = await RunAsync("bench", "search", "--index", index, "--queries", queries, "--candidates", "100");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["exact", "int8", "hnsw"], lines.Select(l => l.GetProperty("mode").GetString()));
        Assert.All(lines, l => Assert.Equal(3000, l.GetProperty("documents").GetInt64()));
        Assert.All(lines, l => Assert.Equal(10, l.GetProperty("min_hits").GetInt32()));
        Assert.Equal(1.0, lines[0].GetProperty("recall_at_k").GetDouble());
        Assert.InRange(lines[1].GetProperty("recall_at_k").GetDouble(), 0.98, 1.0);
        Assert.InRange(lines[2].GetProperty("recall_at_k").GetDouble(), 0.9, 1.0);
        Assert.True(lines[1].GetProperty("int8_mib").GetDouble() > 0);
        Assert.True(lines[2].GetProperty("graph_mib").GetDouble() > 0);
        Assert.Contains("cores", lines[0].GetProperty("cpu").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filtered_search_still_returns_k_hits_all_from_the_filtered_cluster()
    {
        var index = _temp.File("index");
        var queries = _temp.File("queries.jsonl");
        Assert.Equal(0, (await RunAsync("bench", "synthetic", "--count", "2000", "--dimensions", "16", "--clusters", "5",
            "--index", index, "--queries-output", queries, "--queries", "10")).Code);

        var (code, output) = await RunAsync("bench", "search", "--index", index, "--queries", queries, "--filter", "cluster=3", "--candidates", "50");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(lines, l => Assert.Equal(10, l.GetProperty("min_hits").GetInt32()));
        await using var opened = await EmbeddedIndex.OpenAsync(index, new EmbeddedIndexOptions { ReadOnly = true });
        var vector = JsonDocument.Parse(File.ReadLines(queries).First()).RootElement.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var hits = await opened.VectorSearchAsync(new Search.VectorQuery(vector, 10, 10, new Dictionary<string, string> { ["cluster"] = "3" }));
        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.Equal("3", h.Metadata!["cluster"]));
    }

    [Fact]
    public async Task Precomputed_vectors_written_by_bench_synthetic_are_ingested_as_they_are()
    {
        var file = _temp.File("vectors.jsonl");
        var index = _temp.File("index");
        Assert.Equal(0, (await RunAsync("bench", "synthetic", "--count", "500", "--dimensions", "384", "--output", file)).Code);

        var (code, output) = await RunAsync("ingest", "--input", file, "--index", index, "--model", "minilm");

        Assert.Equal(0, code);
        Assert.Contains("Indexed 500 documents", output, StringComparison.Ordinal);
        Assert.Contains("vectors/s", output, StringComparison.Ordinal);
        await using var opened = await EmbeddedIndex.OpenAsync(index, new EmbeddedIndexOptions { ReadOnly = true });
        var first = JsonDocument.Parse(File.ReadLines(file).First()).RootElement;
        var stored = Assert.Single(await opened.GetPassageVectorsAsync([first.GetProperty("id").GetString()!]));
        Assert.Equal(first.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()), stored.Vectors.Single().ToArray());
    }

    [Fact]
    public async Task A_bad_candidate_count_or_mode_is_one_error_naming_the_option()
    {
        var index = _temp.File("index");
        var queries = _temp.File("queries.jsonl");
        Assert.Equal(0, (await RunAsync("bench", "synthetic", "--count", "100", "--dimensions", "8", "--index", index,
            "--queries-output", queries, "--queries", "2")).Code);

        var badCount = await InProcessCli.RunAsync([BenchCommand.Create()], "bench", "search", "--index", index, "--queries", queries, "--candidates", "10,x");
        var badMode = await InProcessCli.RunAsync([BenchCommand.Create()], "bench", "search", "--index", index, "--queries", queries, "--modes", "exact,fast");

        Assert.NotEqual(0, badCount.ExitCode);
        Assert.Contains("--candidates '10,x': 'x' is not a positive whole number", badCount.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, badMode.ExitCode);
        Assert.Contains("--modes: unknown mode 'fast'", badMode.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_kernels_reports_each_matrix_against_the_measured_bandwidth()
    {
        var (code, output) = await RunAsync("bench", "kernels", "--rows", "4096", "--dimensions", "64", "--passes", "3");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["float32", "int8"], lines.Select(l => l.GetProperty("matrix").GetString()));
        Assert.All(lines, l => Assert.True(l.GetProperty("kernel_gb_per_s").GetDouble() > 0 && l.GetProperty("bandwidth_gb_per_s").GetDouble() > 0));
        Assert.Equal(1.0, lines[0].GetProperty("mib").GetDouble(), 1);
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var (code, stdout, _) = await InProcessCli.RunAsync([BenchCommand.Create(), IngestCommand.Create()], args);
        return (code, stdout);
    }
}
