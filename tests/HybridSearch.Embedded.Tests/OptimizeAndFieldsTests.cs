using HybridSearch.Embedded.Tests.Support;
using HybridSearch.Search;
using HybridSearch.Testing;

namespace HybridSearch.Embedded.Tests;

/// <summary>Force-merging a built index, and ranking-only searches that skip stored documents.</summary>
public sealed class OptimizeAndFieldsTests : IDisposable
{
    private static readonly EmbeddedIndexOptions NoCommitOnDispose = new() { CommitOnDispose = false };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Optimizing_keeps_every_document_and_its_scores_and_survives_a_restart()
    {
        // Semantic scores do not depend on segments; keyword scores may move slightly, since the replaced version of d3
        // stops counting in BM25's statistics, so keyword hits are compared as a set.
        var semantic = new SearchRequest("common") { K = 20, Mode = SearchMode.Semantic };
        var keyword = new SearchRequest("common") { K = 20, Mode = SearchMode.Keyword };
        Dictionary<string, double> semanticBefore;
        HashSet<string> keywordBefore;
        await using (var index = await Docs.OpenAsync(_temp.Path, NoCommitOnDispose))
        {
            // Several commits: several keyword segments, and a replaced document whose old version merging expunges.
            for (var batch = 0; batch < 4; batch++)
            {
                await index.UpsertAsync([.. Enumerable.Range(batch * 5, 5).Select(i => Docs.One($"d{i}", $"common word{i} text", Docs.Axis(i % 4)))]);
                await index.CommitAsync();
            }

            await index.UpsertAsync([Docs.One("d3", "common rewritten", Docs.Axis(1))]);
            semanticBefore = Scores(await index.SearchAsync(semantic, Docs.Axis(1)));
            keywordBefore = Ids(await index.SearchAsync(keyword, ReadOnlyMemory<float>.Empty));

            await index.OptimizeAsync();

            Assert.Equal(semanticBefore, Scores(await index.SearchAsync(semantic, Docs.Axis(1))));
            Assert.Equal(keywordBefore, Ids(await index.SearchAsync(keyword, ReadOnlyMemory<float>.Empty)));
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_temp.Path, NoCommitOnDispose);
        var description = await reopened.DescribeAsync();
        var rewritten = Assert.Single(await reopened.KeywordSearchAsync(Docs.Keyword("rewritten")));

        Assert.Equal(20, description.Documents);
        Assert.Equal(("d3", "common rewritten"), (rewritten.Id, rewritten.Passage));
        Assert.Equal(semanticBefore, Scores(await reopened.SearchAsync(semantic, Docs.Axis(1))));
        Assert.Equal(keywordBefore, Ids(await reopened.SearchAsync(keyword, ReadOnlyMemory<float>.Empty)));
    }

    [Fact]
    public async Task Optimizing_an_index_that_holds_nothing_leaves_it_reopenable()
    {
        await using (var index = await Docs.OpenAsync(_temp.Path, NoCommitOnDispose))
        {
            await index.OptimizeAsync();
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_temp.Path, NoCommitOnDispose);

        Assert.Equal(0, (await reopened.DescribeAsync()).Documents);
    }

    [Fact]
    public async Task Optimize_refuses_a_segment_count_below_one()
    {
        await using var index = await Docs.OpenAsync(_temp.Path, NoCommitOnDispose);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => index.OptimizeAsync(0));
    }

    [Theory]
    [InlineData(SearchMode.Keyword)]
    [InlineData(SearchMode.Semantic)]
    [InlineData(SearchMode.Hybrid)]
    public async Task Without_fields_hits_carry_ids_and_scores_only_and_rank_the_same(SearchMode mode)
    {
        await using var index = await Docs.OpenAsync(_temp.Path, NoCommitOnDispose);
        await index.UpsertAsync(
        [
            Docs.One("a", "apple pie", Docs.Axis(0), title: "Apples", metadata: Docs.Meta("kind", "fruit")),
            Docs.One("b", "apple tart", Docs.Axis(1), title: "Tarts"),
        ]);
        var vector = mode == SearchMode.Keyword ? ReadOnlyMemory<float>.Empty : Docs.Axis(0);

        var full = await index.SearchAsync(new SearchRequest("apple") { Mode = mode }, vector);
        var bare = await index.SearchAsync(new SearchRequest("apple") { Mode = mode, IncludeFields = false }, vector);

        Assert.Equal("Apples", full.Hits.Single(h => h.Id == "a").Title);
        Assert.Equal(Ranked(full), Ranked(bare));
        Assert.All(bare.Hits, hit => Assert.Equal((null, null, 0), (hit.Title, hit.Passage, hit.Metadata.Count)));
    }

    private static Dictionary<string, double> Scores(SearchResults results) => results.Hits.ToDictionary(h => h.Id, h => h.Score);

    private static HashSet<string> Ids(SearchResults results) => [.. results.Hits.Select(h => h.Id)];

    private static List<(string, double)> Ranked(SearchResults results) => [.. results.Hits.Select(h => (h.Id, h.Score))];
}
