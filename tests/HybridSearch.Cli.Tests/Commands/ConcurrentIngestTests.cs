using System.Globalization;
using System.Text.Json;
using HybridSearch.Cli.Tests.Support;
using HybridSearch.Embedded;

namespace HybridSearch.Cli.Tests.Commands;

/// <summary>
/// Real <c>hybridsearch</c> processes on one embedded index: one writer at a time, readers beside it. Uses the packaged
/// minilm model on short documents; the corpus is sized so an ingest takes seconds, several times what a refused
/// second process needs to start and fail.
/// </summary>
[Trait("Category", "Process")]
public sealed class ConcurrentIngestTests : IDisposable
{
    private const int Documents = 1200;

    private static readonly string[] Words =
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega".Split(' ');

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hybridsearch-cli-" + Guid.NewGuid().ToString("N"));
    private readonly string _input;
    private readonly string _index;

    public ConcurrentIngestTests()
    {
        Directory.CreateDirectory(_folder);
        _input = Path.Combine(_folder, "docs.jsonl");
        _index = Path.Combine(_folder, "index");
        File.WriteAllLines(_input, Enumerable.Range(0, Documents).Select(i => JsonSerializer.Serialize(new
        {
            id = Id(i),
            text = $"item{i} " + string.Join(' ', Enumerable.Range(0, 60).Select(j => Words[(i + j) % Words.Length])),
        })));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not affect any test.
        }
    }

    [Fact]
    public async Task A_second_ingest_into_an_index_being_written_fails_at_once_naming_the_holder_and_the_first_finishes_intact()
    {
        using var first = StartIngest();
        await WaitUntilHolderIsAsync(first);

        // --from-start would delete the checkpoint the first run is using, were the second run to get that far.
        var (code, output, error) = await CliProcess.RunAsync(
            "ingest", "--input", _input, "--index", _index, "--batch-size", "16", "--from-start");
        var firstStillRunning = !first.HasExited;

        Assert.True(firstStillRunning, "the first ingest ended before the second was refused; the race was not tested");
        Assert.NotEqual(0, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"hybridsearch: Index '{_index}' is being written by pid {first.Id.ToString(CultureInfo.InvariantCulture)} on host ",
            line, StringComparison.Ordinal);
        Assert.Contains(" since ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Indexed", output, StringComparison.Ordinal);
        Assert.Equal(0, await first.WaitForExitAsync());
        Assert.Contains($"holds {Documents:N0} documents", first.Output, StringComparison.Ordinal);
        await AssertEveryDocumentOnceAsync();
    }

    [Fact]
    public async Task Search_and_stats_work_while_an_ingest_is_killed_and_restarted_and_see_counts_only_grow()
    {
        var counts = new List<long>();
        var failures = new List<string>();
        using (var killed = StartIngest())
        {
            await WaitUntilHolderIsAsync(killed);
            while (await ReadAsync(counts, failures) < 256)
            {
                Assert.False(killed.HasExited, $"the ingest ended before it was killed: {killed.Error}");
            }

            await killed.KillHardAsync();
        }

        await ReadAsync(counts, failures);
        using (var restarted = StartIngest())
        {
            while (!restarted.HasExited)
            {
                await ReadAsync(counts, failures);
            }

            Assert.Equal(0, await restarted.WaitForExitAsync());
        }

        Assert.Equal(Documents, await ReadAsync(counts, failures));
        Assert.Empty(failures);
        for (var i = 1; i < counts.Count; i++)
        {
            Assert.True(counts[i] >= counts[i - 1], $"stats went from {counts[i - 1]} to {counts[i]} documents");
        }

        await AssertEveryDocumentOnceAsync();
    }

    private static string Id(int n) => string.Create(CultureInfo.InvariantCulture, $"doc{n}");

    private CliProcess StartIngest() => new("ingest", "--input", _input, "--index", _index, "--batch-size", "16");

    /// <summary>Waits until <paramref name="writer"/> holds the index's write lock and has made its first commit.</summary>
    private async Task WaitUntilHolderIsAsync(CliProcess writer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var holder = Path.Combine(_index, "writer.lock.json");
        while (true)
        {
            Assert.False(writer.HasExited, $"the ingest ended early: {writer.Error}");
            if (EmbeddedIndex.Exists(_index) && File.Exists(holder) &&
                File.ReadAllText(holder).Contains($"\"processId\":{writer.Id.ToString(CultureInfo.InvariantCulture)},", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>One <c>stats</c> and one keyword <c>search</c> process; returns the document count stats reported.</summary>
    private async Task<long> ReadAsync(List<long> counts, List<string> failures)
    {
        var (code, output, error) = await CliProcess.RunAsync("stats", "--index", _index, "--json");
        if (code != 0)
        {
            failures.Add($"stats exited {code}: {error}");
            return -1;
        }

        var documents = JsonDocument.Parse(output).RootElement.GetProperty("documents").GetInt64();
        counts.Add(documents);
        var search = await CliProcess.RunAsync("search", "--index", _index, "--query", "item7", "--mode", "keyword", "--json");
        if (search.ExitCode != 0)
        {
            failures.Add($"search exited {search.ExitCode}: {search.Error}");
        }
        else if (documents > 7 && !search.Output.Contains("\"doc7\"", StringComparison.Ordinal))
        {
            failures.Add($"search found no doc7 in an index of {documents} documents: {search.Output}");
        }

        return documents;
    }

    private async Task AssertEveryDocumentOnceAsync()
    {
        await using var index = await EmbeddedIndex.OpenAsync(_index, new EmbeddedIndexOptions { ReadOnly = true });
        var description = await index.DescribeAsync();
        var ids = Enumerable.Range(0, Documents).Select(Id).ToList();
        var stored = await index.GetContentHashesAsync(ids);
        var vectors = await index.GetPassageVectorsAsync(ids);

        Assert.Equal((Documents, Documents), (description.Documents, description.Passages));
        Assert.Equal(Documents, stored.Count);
        Assert.Equal(ids, vectors.Select(v => v.Id));
        Assert.Equal("doc7", Assert.Single(await index.KeywordSearchAsync(new Search.KeywordQuery("item7", 10, new Dictionary<string, string>()))).Id);
    }
}
