using HybridSearch.Cli.Ingestion;
using HybridSearch.Embedded;
using HybridSearch.Encoding;
using HybridSearch.Search;

namespace HybridSearch.Cli.Tests.Ingestion;

public sealed class EmbeddedIngestionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hybridsearch-ingest-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Rerunning_skips_unchanged_documents_and_reencodes_changed_ones_without_duplicates()
    {
        var encoder = new CountingEncoder();
        var dual = DualEncoder.Siamese(encoder);
        var first = Documents(("a", "apples"), ("b", "bananas"), ("c", "cherries"));
        var second = Documents(("a", "apples"), ("b", "blueberries"), ("c", "cherries"), ("d", "dates"));

        IngestionSummary rerun;
        await using (var index = await EmbeddedIndex.OpenAsync(_folder))
        {
            await new EmbeddedIngestion(index, dual, batchSize: 2).RunAsync(first, CancellationToken.None);
            rerun = await new EmbeddedIngestion(index, dual, batchSize: 2).RunAsync(second, CancellationToken.None);
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_folder);
        var description = await reopened.DescribeAsync();
        var hit = Assert.Single(await reopened.KeywordSearchAsync(new KeywordQuery("blueberries", 10, new Dictionary<string, string>())));

        Assert.Equal((4, 2, 2), (rerun.Read, rerun.Indexed, rerun.Unchanged));
        Assert.Equal(5, encoder.TextsEncoded);
        Assert.Equal((4L, 4L), (description.Documents, description.Passages));
        Assert.Equal("b", hit.Id);
        Assert.Equal(encoder.Identity, reopened.DocumentEncoder);
    }

    [Fact]
    public async Task Long_runs_commit_periodically_and_report_progress()
    {
        var reports = new List<int>();
        await using (var index = await EmbeddedIndex.OpenAsync(_folder, new EmbeddedIndexOptions { CommitOnDispose = false }))
        {
            var ingestion = new EmbeddedIngestion(index, DualEncoder.Siamese(new CountingEncoder()), batchSize: 2, commitEvery: 4)
            {
                Committed = summary => reports.Add(summary.Indexed),
            };
            await ingestion.RunAsync(Documents(("a", "x"), ("b", "y"), ("c", "z"), ("d", "w"), ("e", "v")), CancellationToken.None);
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_folder);

        Assert.Equal([4], reports);
        Assert.Equal(5, (await reopened.DescribeAsync()).Documents);
    }

    [Fact]
    public void The_content_hash_is_sha256_of_the_model_hash_a_line_feed_and_the_encoding_text()
    {
        var hash = ContentHashes.Of(new string('c', 64), new SearchDocument("x", "body", "Title"));

        // From coreutils: printf '%s\n%s' "$(printf 'c%.0s' $(seq 64))" "Title body" | sha256sum
        Assert.Equal("ddf9dc258e7d31716900ea953f3618031157832c44e8b6aceb03d0ea9f0d01bb", hash);
    }

    private static async IAsyncEnumerable<SourceDocument> Documents(params (string Id, string Text)[] documents)
    {
        foreach (var (id, text) in documents)
        {
            await Task.Yield();
            yield return new SourceDocument(new SearchDocument(id, text), "test");
        }
    }
}
