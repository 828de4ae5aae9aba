using HybridSearch.Search;
using Xunit.Abstractions;

namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>
/// The embedded backend on the SciFact subset: the baseline the Docker suite holds Elasticsearch to. It runs everywhere,
/// so the reference figures are checked even where no Elasticsearch can start.
/// </summary>
public sealed class EmbeddedSubsetBaselineTests(ITestOutputHelper output)
{
    private const int K = 10;

    [SkippableFact]
    public async Task The_embedded_backend_reaches_the_subsets_reference_figures()
    {
        Skip.If(SciFactSubset.MissingReason is not null, SciFactSubset.MissingReason);
        var subset = SciFactSubset.Shared;
        var embedded = (await EmbeddedSubsetIndex.SharedAsync()).Index;

        var exact = subset.Queries.Average(q => RankingMetrics.Ndcg(subset.ExactTop(q.Vector, K), subset.Qrels[q.Id], K));
        var keyword = await EmbeddedSubsetIndex.NdcgAsync(embedded, SearchMode.Keyword, K);
        var semantic = await EmbeddedSubsetIndex.NdcgAsync(embedded, SearchMode.Semantic, K);
        var hybrid = await EmbeddedSubsetIndex.NdcgAsync(embedded, SearchMode.Hybrid, K);
        output.WriteLine($"embedded nDCG@10 on {subset.Queries.Count} queries: keyword {keyword:F4}, semantic {semantic:F4} (exact {exact:F4}), hybrid {hybrid:F4}");

        // Exact search over the same vectors is the brute-force ranking; BM25 and fusion must beat either retriever alone
        // on this subset as they do on the full corpus.
        Assert.InRange(semantic, exact - 0.001, exact + 0.001);
        Assert.True(keyword >= 0.72, $"keyword nDCG@10 {keyword:F4} is below 0.72");
        Assert.True(hybrid > Math.Max(keyword, semantic), $"hybrid {hybrid:F4} does not beat keyword {keyword:F4} and semantic {semantic:F4}");
    }
}
