using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>What a bulk write did.</summary>
/// <param name="Written">Items the server accepted (indexed, replaced or deleted).</param>
/// <param name="Retried">Item re-sends after 429, 502, 503, 504 or a timeout (an item resent twice counts twice).</param>
/// <param name="Rejected">Items that failed for good, each with the server's reason.</param>
internal sealed record BulkWriteResult(long Written, long Retried, IReadOnlyList<DocumentRejection> Rejected)
{
    /// <summary>No items.</summary>
    public static BulkWriteResult Empty { get; } = new(0, 0, []);

    /// <summary>Adds two results.</summary>
    public static BulkWriteResult operator +(BulkWriteResult left, BulkWriteResult right) =>
        new(left.Written + right.Written, left.Retried + right.Retried, [.. left.Rejected, .. right.Rejected]);

    /// <summary>The result in the terms of <see cref="IIndexWriter"/>.</summary>
    public IndexWriteResult ToIndexWriteResult() => new((int)Written, Rejected);
}
