using HybridSearch.Embedded.Tests.Support;
using HybridSearch.Search;
using HybridSearch.Testing;

namespace HybridSearch.Embedded.Tests;

public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<VectorSearchMode> Modes => [VectorSearchMode.Exact, VectorSearchMode.Approximate, VectorSearchMode.ExactInt8];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Searches_running_during_writes_and_commits_see_consistent_documents(VectorSearchMode mode)
    {
        var options = new EmbeddedIndexOptions { VectorSearch = mode, MaxSegments = 2 };
        await using var index = await Docs.OpenAsync(_temp.Path, options);
        using var stop = new CancellationTokenSource();

        var writer = Task.Run(async () =>
        {
            for (var round = 0; round < 30; round++)
            {
                // Every document's title names its id and version; replacing and deleting keep the count at 10 × round.
                var batch = Enumerable.Range(0, 10).Select(i => Docs.One($"d{round}-{i}", "common words", Docs.Axis(i % 4), $"d{round}-{i} v1")).ToList();
                await index.UpsertAsync(batch);
                if (round > 0)
                {
                    await index.UpsertAsync([Docs.One($"d{round - 1}-0", "common words", Docs.Axis(1), $"d{round - 1}-0 v2")]);
                    await index.DeleteAsync([$"d{round - 1}-1"]);
                    await index.UpsertAsync([Docs.One($"d{round - 1}-1", "common words", Docs.Axis(1), $"d{round - 1}-1 v3")]);
                }

                if (round % 5 == 4)
                {
                    await index.CommitAsync();
                }
            }
        });

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var searches = 0;
            while (!writer.IsCompleted || searches == 0)
            {
                var request = new SearchRequest("common") { K = 20, Rescore = searches % 2 == 0 };
                var results = await index.SearchAsync(request, Docs.Axis(1));
                var ids = results.Hits.Select(h => h.Id).ToList();
                Assert.Equal(ids.Count, ids.Distinct().Count());
                Assert.All(results.Hits, h => Assert.StartsWith(h.Id + " v", h.Title, StringComparison.Ordinal));
                var description = await index.DescribeAsync();
                Assert.Equal(description.Documents, description.Passages);
                searches++;

                // Leave the writer a core: on a small machine spinning readers would only slow the test down.
                await Task.Delay(1);
            }

            return searches;
        })).ToList();

        await writer;
        var counts = await Task.WhenAll(readers);

        Assert.All(counts, c => Assert.True(c > 0));
        Assert.Equal(300, (await index.DescribeAsync()).Documents);
    }
}
