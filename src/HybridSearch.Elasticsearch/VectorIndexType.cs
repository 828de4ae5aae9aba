namespace HybridSearch.Elasticsearch;

/// <summary>How Elasticsearch indexes the <c>dense_vector</c> field (its <c>index_options.type</c>).</summary>
public enum VectorIndexType
{
    /// <summary>HNSW graph over float32 vectors.</summary>
    Hnsw,

    /// <summary>HNSW over int8-quantised vectors (Elasticsearch's default before 9.1).</summary>
    Int8Hnsw,

    /// <summary>HNSW over better-binary-quantised vectors (the 9.1+ default for 384+ dimensions).</summary>
    BbqHnsw,

    /// <summary>Brute force over float32 vectors: exact, slow on large indices.</summary>
    Flat,
}
