using HybridSearch.Chunking;
using HybridSearch.Cli.Ingestion;
using HybridSearch.Embedded;
using HybridSearch.Search;
using HybridSearch.Ingestion;
using Microsoft.Extensions.Logging.Abstractions;
using HybridSearch.Testing;

namespace HybridSearch.Cli.Tests.Ingestion;

/// <summary>
/// <c>ingest</c> runs the worker's pipeline in the foreground: a checkpoint beside the index makes reruns resume, bad
/// records go to a dead-letter file, and an index keeps the chunking it was built with.
/// </summary>
public sealed class CliIngestionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hybridsearch-cli-ingest-" + Guid.NewGuid().ToString("N"));
    private readonly CountingEncoder _encoder = new(new HashEncoder(dimensions: 4, model: "fake"));

    public CliIngestionTests() => Directory.CreateDirectory(_folder);

    private string IndexPath => Path.Combine(_folder, "index");

    private string InputPath => Path.Combine(_folder, "docs.jsonl");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_jsonl_file_is_indexed_with_its_checkpoint_inside_the_index()
    {
        WriteLines("""{"id":"a","title":"Apples","text":"apples are red"}""", """{"_id":"b","text":"bananas are yellow","kind":"fruit"}""");

        var outcome = await IngestAsync(Settings());

        Assert.Equal((2L, 0L, false), (outcome.Summary.Written, outcome.Summary.DeadLettered, outcome.Summary.Stopped));
        Assert.Equal((2L, 2L), (outcome.Index.Documents, outcome.Index.Passages));
        Assert.StartsWith(Path.GetFullPath(Path.Combine(IndexPath, CliIngestion.StateFolderName)), outcome.Summary.CheckpointPath, StringComparison.Ordinal);
        Assert.True(File.Exists(outcome.Summary.CheckpointPath));
        await using var index = await EmbeddedIndex.OpenAsync(IndexPath);
        Assert.Equal("truncate", index.Chunking);
        Assert.Equal("fruit", Assert.Single(await index.KeywordSearchAsync(new KeywordQuery("bananas", 10, new Dictionary<string, string>()))).Metadata!["kind"]);
    }

    [Fact]
    public async Task A_rerun_reads_only_what_was_appended_and_never_duplicates()
    {
        WriteLines("""{"id":"a","text":"first"}""", """{"id":"b","text":"second"}""");
        await IngestAsync(Settings());
        var encodedByFirstRun = _encoder.Texts;

        var unchanged = await IngestAsync(Settings());
        File.AppendAllText(InputPath, """{"id":"c","text":"third"}""" + "\n");
        var appended = await IngestAsync(Settings());

        Assert.Equal((0L, 0L), (unchanged.Summary.Read, unchanged.Summary.Written));
        Assert.NotNull(unchanged.Summary.ResumedFrom);
        Assert.Equal((1L, 1L), (appended.Summary.Read, appended.Summary.Written));
        Assert.Equal(encodedByFirstRun + 1, _encoder.Texts);
        Assert.Equal(3L, appended.Index.Documents);
    }

    [Fact]
    public async Task From_start_reads_everything_again_and_replaces_by_id()
    {
        WriteLines("""{"id":"a","text":"first"}""", """{"id":"b","text":"second"}""");
        await IngestAsync(Settings());

        var again = await IngestAsync(Settings() with { FromStart = true });

        Assert.Null(again.Summary.ResumedFrom);
        Assert.Equal(2L, again.Summary.Written);
        Assert.Equal(2L, again.Index.Documents);
    }

    [Fact]
    public async Task Bad_records_are_dead_lettered_with_their_line_and_the_run_goes_on()
    {
        WriteLines(
            """{"id":"a","text":"good"}""",
            """{"id":"b","text":""",
            """{"text":"no id"}""",
            """{"id":"c","text":""}""",
            """{"id":"d","text":"also good"}""");

        var outcome = await IngestAsync(Settings());

        Assert.Equal((2L, 3L), (outcome.Summary.Written, outcome.Summary.DeadLettered));
        var letters = File.ReadAllLines(outcome.Summary.DeadLetterPath);
        Assert.Equal(3, letters.Length);
        Assert.Contains("\"line\":2", letters[0], StringComparison.Ordinal);
        Assert.Contains("\"line\":3", letters[1], StringComparison.Ordinal);
        Assert.Contains("\"line\":4", letters[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_keeps_the_chunking_it_was_built_with()
    {
        WriteLines("""{"id":"a","text":"first"}""");
        await IngestAsync(Settings());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IngestAsync(Settings() with { Chunking = ChunkingMode.Passages }));

        Assert.Contains("truncate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_is_named()
    {
        var error = await Assert.ThrowsAsync<CliException>(() => IngestAsync(Settings() with { Input = Path.Combine(_folder, "nope.jsonl") }));

        Assert.Contains("nope.jsonl", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(IndexPath));
    }

    [Fact]
    public void Elasticsearch_targets_keep_separate_checkpoints()
    {
        IngestSettings For(string? url, string index, string? cloudId = null) => new(
            "x", null, new() { Url = url is null ? null : new Uri(url), CloudId = cloudId, IndexName = index }, null, null, 32, null, false, true);
        var first = For("http://es:9200", "docs");

        var one = CliIngestion.DefaultStateDirectory(first);
        var other = CliIngestion.DefaultStateDirectory(For("http://es:9200", "other"));
        var cluster = CliIngestion.DefaultStateDirectory(For("http://es2:9200", "docs"));
        var cloud = CliIngestion.DefaultStateDirectory(For(null, "docs", "deployment:ZXUtY2VudHJhbC0x"));

        Assert.Equal(4, new[] { one, other, cluster, cloud }.Distinct().Count());
        Assert.Contains("docs-", one, StringComparison.Ordinal);
    }

    private IngestSettings Settings() =>
        new(InputPath, IndexPath, null, Model: null, ChunkingMode.Truncate, BatchSize: 2, StateDirectory: null, FromStart: false, Optimize: true);

    private Task<IngestOutcome> IngestAsync(IngestSettings settings) =>
        CliIngestion.RunAsync(settings, _ => _encoder, progress: null, NullLoggerFactory.Instance, CancellationToken.None);

    private void WriteLines(params string[] lines) => File.WriteAllLines(InputPath, lines);
}
