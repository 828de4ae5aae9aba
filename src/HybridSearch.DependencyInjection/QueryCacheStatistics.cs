namespace HybridSearch.DependencyInjection;

/// <summary>
/// Counts of the query-embedding cache that <c>AddHybridSearch</c> puts in front of the query encoder. Also published
/// as the counters <c>hybridsearch.query_cache.hits</c> and <c>hybridsearch.query_cache.misses</c> of the
/// <c>HybridSearch</c> meter.
/// </summary>
public sealed class QueryCacheStatistics
{
    private long _hits;
    private long _misses;

    /// <summary>Queries answered from the cache without running the model.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Queries the model had to encode.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    internal void AddHits(long count) => Interlocked.Add(ref _hits, count);

    internal void AddMisses(long count) => Interlocked.Add(ref _misses, count);
}
