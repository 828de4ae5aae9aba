namespace HybridSearch.Search;

/// <summary>Which retrievers answer a query.</summary>
public enum SearchMode
{
    /// <summary>BM25 over title and text.</summary>
    Keyword,

    /// <summary>Vector similarity of the query to the best passage of each document.</summary>
    Semantic,

    /// <summary>Both, fused.</summary>
    Hybrid,
}
