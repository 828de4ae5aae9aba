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

    /// <summary>
    /// Brute force over int8 copies of the rows (a quarter of the bytes to read), then float32 rescoring of the best
    /// candidates (see <see cref="EmbeddedIndexOptions.RescoreOversampling"/>): the returned scores are exact, and only a
    /// document whose int8 estimate fell outside the candidates can be missed. The int8 rows are built in memory when the
    /// index is first searched (a quarter of the float32 size); nothing changes on disk.
    /// </summary>
    ExactInt8,
}
