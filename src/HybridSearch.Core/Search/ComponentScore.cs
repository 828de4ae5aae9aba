namespace HybridSearch.Search;

/// <summary>One retriever's view of a hit: its raw score and 1-based rank in that retriever's list.</summary>
public readonly record struct ComponentScore(double Score, int Rank);
