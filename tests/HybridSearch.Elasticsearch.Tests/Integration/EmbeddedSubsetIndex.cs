using HybridSearch.Embedded;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>
/// The SciFact subset in the embedded backend, with the same fixture vectors: the reference the Elasticsearch backend is
/// compared with, mode by mode. Built once per test run in a temporary folder.
/// </summary>
internal sealed class EmbeddedSubsetIndex
{
    private static readonly Lazy<Task<EmbeddedSubsetIndex>> Cached = new(BuildAsync);

    private EmbeddedSubsetIndex(EmbeddedIndex index) => Index = index;

    public EmbeddedIndex Index { get; }

    public static Task<EmbeddedSubsetIndex> SharedAsync() => Cached.Value;

    /// <summary>Mean nDCG@<paramref name="k"/> of <paramref name="backend"/> over the subset's queries.</summary>
    public static async Task<double> NdcgAsync(ISearchBackend backend, SearchMode mode, int k, bool rescore = false, FusionOptions? fusion = null)
    {
        var subset = SciFactSubset.Shared;
        double total = 0;
        foreach (var (id, text, vector) in subset.Queries)
        {
            var results = await backend.SearchAsync(
                new SearchRequest(text) { Mode = mode, K = k, Rescore = rescore, Fusion = fusion ?? FusionOptions.Default },
                mode == SearchMode.Keyword ? ReadOnlyMemory<float>.Empty : vector);
            total += RankingMetrics.Ndcg([.. results.Hits.Select(h => h.Id)], subset.Qrels[id], k);
        }

        return total / subset.Queries.Count;
    }

    private static async Task<EmbeddedSubsetIndex> BuildAsync()
    {
        var subset = SciFactSubset.Shared;
        var directory = Path.Combine(Path.GetTempPath(), "hybridsearch-subset-" + Guid.NewGuid().ToString("N"));

        // Same BM25 parameters as the Elasticsearch mapping (k1 0.9, b 0.4); the index lives until the test process exits.
        var index = await EmbeddedIndex.OpenAsync(directory, new EmbeddedIndexOptions { CommitOnDispose = false, Chunking = "truncate" });
        await index.EnsureIndexAsync(SciFactSubset.Encoder);
        await index.UpsertAsync(subset.Documents);
        await index.OptimizeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            index.Dispose();
            Directory.Delete(directory, recursive: true);
        };
        return new EmbeddedSubsetIndex(index);
    }
}
