namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// The durable state of an ingestion job: every record of <see cref="Source"/> up to and including the one whose cursor is
/// <see cref="Cursor"/> is in the index (committed) or in the dead-letter file, whose first <see cref="DeadLetterBytes"/>
/// bytes are exactly the dead letters of those records.
/// </summary>
internal sealed record Checkpoint(
    int Version,
    string Source,
    string? Cursor,
    long Done,
    long Written,
    long DeadLettered,
    long DeadLetterBytes,
    DateTimeOffset UpdatedUtc)
{
    public const int CurrentVersion = 1;
}
