namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>nDCG@k (graded gains, log2 discount, as BEIR's pytrec_eval) and recall@k against a reference list.</summary>
internal static class RankingMetrics
{
    public static double Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judged, int k)
    {
        double dcg = 0;
        for (var i = 0; i < ranked.Count && i < k; i++)
        {
            dcg += judged.TryGetValue(ranked[i], out var gain) ? gain / Math.Log2(i + 2) : 0;
        }

        var ideal = judged.Values.Where(g => g > 0).OrderDescending().Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>Share of <paramref name="exact"/> (the true top k) that <paramref name="found"/> contains.</summary>
    public static double Recall(IReadOnlyList<string> found, IReadOnlyList<string> exact) =>
        exact.Count == 0 ? 1 : (double)found.Take(exact.Count).Count(exact.Contains) / exact.Count;
}
