using HybridSearch.Search;

namespace HybridSearch.WebDemo.Search;

/// <summary>The body of a successful search.</summary>
/// <param name="Query">The query as searched (trimmed).</param>
/// <param name="Mode"><c>keyword</c>, <c>semantic</c> or <c>hybrid</c>.</param>
/// <param name="K">Hits asked for.</param>
/// <param name="ElapsedMilliseconds">Server time for encoding and search.</param>
/// <param name="Hits">Best first.</param>
internal sealed record SearchResponse(string Query, string Mode, int K, double ElapsedMilliseconds, IReadOnlyList<HitResponse> Hits)
{
    public static SearchResponse From(SearchRequest request, SearchResults results, TimeSpan elapsed)
    {
        var hits = new HitResponse[results.Hits.Count];
        for (var i = 0; i < hits.Length; i++)
        {
            hits[i] = HitResponse.From(results.Hits[i], i + 1);
        }

        return new SearchResponse(request.Query, request.Mode.ToString().ToLowerInvariant(), request.K, elapsed.TotalMilliseconds, hits);
    }
}
