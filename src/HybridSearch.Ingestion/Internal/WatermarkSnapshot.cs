namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// The watermark at one moment: every record up to <see cref="Cursor"/> is acknowledged by the sink or dead-lettered,
/// and the dead-letter file's first <see cref="DeadLetterBytes"/> bytes, already on disk, hold exactly their dead letters.
/// </summary>
internal sealed record WatermarkSnapshot(string? Cursor, long Done, long Written, long DeadLettered, long DeadLetterBytes);
