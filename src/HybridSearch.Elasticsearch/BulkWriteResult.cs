namespace HybridSearch.Elasticsearch;

/// <summary>What a bulk write did.</summary>
/// <param name="Written">Items the server accepted (indexed, replaced or deleted).</param>
/// <param name="Retried">Item re-sends after 429, 502, 503, 504 or a timeout (an item resent twice counts twice).</param>
/// <param name="DeadLettered">Items that failed for good and went to the dead-letter file.</param>
public sealed record BulkWriteResult(long Written, long Retried, long DeadLettered)
{
    /// <summary>No items.</summary>
    public static BulkWriteResult Empty { get; } = new(0, 0, 0);

    /// <summary>Adds two results.</summary>
    public static BulkWriteResult operator +(BulkWriteResult left, BulkWriteResult right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.Written + right.Written, left.Retried + right.Retried, left.DeadLettered + right.DeadLettered);
    }

    /// <summary>Adds two results.</summary>
    public static BulkWriteResult Add(BulkWriteResult left, BulkWriteResult right) => left + right;
}
