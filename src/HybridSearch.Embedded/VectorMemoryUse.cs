namespace HybridSearch.Embedded;

/// <summary>What an embedded index's vector side holds, in bytes, for sizing a machine.</summary>
/// <param name="Float32Bytes">
/// The float32 passage rows: memory-mapped once committed, so they live in the operating system's page cache, not the heap.
/// </param>
/// <param name="Int8Bytes">The int8 copies <see cref="VectorSearchMode.ExactInt8"/> builds on first search (managed and native memory).</param>
/// <param name="GraphBytes">The HNSW graph of <see cref="VectorSearchMode.Approximate"/>, with its own copy of the vectors (native memory).</param>
public sealed record VectorMemoryUse(long Float32Bytes, long Int8Bytes, long GraphBytes);
