namespace HybridSearch.Embedded;

/// <summary>How the embedded index answers vector queries.</summary>
public enum VectorSearchMode
{
    /// <summary>Brute force: the float32 dot product of the query with every stored passage row. Exact, linear in rows.</summary>
    Exact,

    /// <summary>
    /// An HNSW graph (USearch) proposes candidates, which are then scored exactly by their best passage. For large
    /// collections; the graph is saved with every commit.
    /// </summary>
    Approximate,
}
