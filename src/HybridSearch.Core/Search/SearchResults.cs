namespace HybridSearch.Search;

/// <summary>Ranked hits, best first.</summary>
/// <param name="Hits">At most the requested number of hits.</param>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits);
