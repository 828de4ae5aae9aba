namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// A record that could not be indexed, and why: bad input found by the pipeline, or a document the index refused
/// (<paramref name="Status"/> then holds the server's status, where it is a server).
/// </summary>
internal sealed record DeadLetter(
    string Source, long? Line, string Cursor, string? Id, string Reason, int? Status, DateTimeOffset Time, string? Raw);
