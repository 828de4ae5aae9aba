namespace HybridSearch.Chunking;

/// <summary>How a document's text becomes passages.</summary>
public enum ChunkingMode
{
    /// <summary>Token windows with overlap, sentence-aware; a document scores by its best passage.</summary>
    Passages,

    /// <summary>
    /// One passage, the whole text, cut by the encoder at its token limit: what published single-model benchmarks do.
    /// </summary>
    Truncate,
}
