using HybridSearch.Chunking;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using HybridSearch.Cli.Commands;
using HybridSearch.Cli.Ingestion;
using HybridSearch.Cli.Tests.Support;
using HybridSearch.Ingestion;
using HybridSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridSearch.Cli.Tests.Ingestion;

/// <summary>
/// <c>ingest --elasticsearch</c> against a cluster on loopback that answers as Elasticsearch does: documents it refuses
/// one by one are dead-lettered once in the run's one file and not counted as written; a cluster that refuses the
/// credentials ends the run at once with one line.
/// </summary>
[Collection("Console output")] // redirects the process-wide console
public sealed class ElasticsearchIngestionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hybridsearch-cli-es-" + Guid.NewGuid().ToString("N"));
    private readonly HashEncoder _encoder = new();

    public ElasticsearchIngestionTests() => Directory.CreateDirectory(_folder);

    private string InputPath => Path.Combine(_folder, "docs.jsonl");

    private string StatePath => Path.Combine(_folder, "state");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Documents_the_cluster_refuses_one_by_one_are_dead_lettered_once_and_not_counted_as_written()
    {
        await using var cluster = new LoopbackElasticsearch(_encoder.Identity);
        var refused = Enumerable.Range(0, 16).Select(i => $"d{i * 12}").ToHashSet(StringComparer.Ordinal);
        cluster.Refuse.UnionWith(refused);
        File.WriteAllLines(InputPath, Enumerable.Range(0, 200).Select(i => $$"""{"id":"d{{i}}","text":"document number {{i}}"}"""));
        var before = Directory.GetFiles(Directory.GetCurrentDirectory(), "*.jsonl");

        var outcome = await IngestAsync(cluster);
        var rerun = await IngestAsync(cluster);

        Assert.Equal((184L, 16L, 200L), (outcome.Summary.Written, outcome.Summary.DeadLettered, outcome.Summary.Done));
        Assert.Equal(184L, outcome.Index.Documents);
        var letters = File.ReadAllLines(outcome.Summary.DeadLetterPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(refused.Order(StringComparer.Ordinal), letters.Select(l => l.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(letters, l =>
        {
            Assert.Equal(400, l.GetProperty("status").GetInt32());
            Assert.Contains("document_parsing_exception", l.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Number, l.GetProperty("line").ValueKind);
        });
        Assert.Equal((0L, 0L), (rerun.Summary.Read, rerun.Summary.DeadLettered));
        Assert.Equal(16, File.ReadAllLines(rerun.Summary.DeadLetterPath).Length);
        Assert.All(cluster.Acknowledged.Values, count => Assert.Equal(1, count));
        Assert.Single(Directory.GetFiles(StatePath, "*deadletter*", SearchOption.AllDirectories));
        Assert.Equal(before, Directory.GetFiles(Directory.GetCurrentDirectory(), "*.jsonl"));
    }

    [Fact]
    public async Task The_summary_line_counts_the_refused_documents_and_names_the_dead_letter_file()
    {
        await using var cluster = new LoopbackElasticsearch(_encoder.Identity);
        cluster.Refuse.UnionWith(["d1", "d3"]);
        File.WriteAllLines(InputPath, Enumerable.Range(0, 5).Select(i => $$"""{"id":"d{{i}}","text":"document number {{i}}"}"""));
        var outcome = await IngestAsync(cluster);

        var lines = IngestCommand.SummaryLines(outcome, InputPath);

        Assert.Contains(lines, l => !l.ToError && l.Text.StartsWith("Indexed 3 documents", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.ToError && l.Text.Contains("2 records were not indexed", StringComparison.Ordinal)
                                    && l.Text.Contains(outcome.Summary.DeadLetterPath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cluster_that_refuses_the_credentials_ends_the_command_at_once_with_one_line_naming_it()
    {
        await using var cluster = new LoopbackElasticsearch(_encoder.Identity) { Unauthorized = true };
        File.WriteAllLines(InputPath, ["""{"id":"a","text":"one"}"""]);
        var clock = Stopwatch.StartNew();

        var (code, error) = await RunCliAsync(
            "ingest", "--input", InputPath, "--elasticsearch", cluster.Url.ToString(), "--index-name", cluster.Index,
            "--model", "minilm", "--chunking", "truncate", "--state", StatePath);

        Assert.NotEqual(0, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("hybridsearch: ", line, StringComparison.Ordinal);
        Assert.Contains(cluster.Url.ToString().TrimEnd('/'), line, StringComparison.Ordinal);
        Assert.Contains("401", line, StringComparison.Ordinal);
        Assert.Contains("refused the credentials", line, StringComparison.Ordinal);
        Assert.Contains("retrying cannot help", line, StringComparison.Ordinal);
        Assert.InRange(cluster.Requests, 1, 3);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the command took {clock.Elapsed}");
    }

    private Task<IngestOutcome> IngestAsync(LoopbackElasticsearch cluster) =>
        CliIngestion.RunAsync(
            new IngestSettings(InputPath, null, new() { Url = cluster.Url, IndexName = cluster.Index }, Model: null, ChunkingMode.Truncate, BatchSize: 16,
                StatePath, FromStart: false, Optimize: false),
            _ => _encoder,
            progress: null,
            NullLoggerFactory.Instance,
            CancellationToken.None);

    private static async Task<(int Code, string Error)> RunCliAsync(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(IngestCommand.Create());
        var originalError = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        try
        {
            var code = await CliHost.InvokeAsync(root, args);
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(originalError);
        }
    }
}
