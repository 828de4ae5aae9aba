namespace HybridSearch.Search;

/// <summary>
/// Compacts an index after bulk writes so queries read fewer segments (the embedded index's force-merge). Optional:
/// reach it with <c>writer.GetService&lt;IIndexOptimizer&gt;()</c>; an index that needs none offers none.
/// </summary>
public interface IIndexOptimizer
{
    /// <summary>Merges the index down to at most <paramref name="maxSegments"/> segments and makes the result durable.</summary>
    Task OptimizeAsync(int maxSegments = 1, CancellationToken cancellationToken = default);
}
