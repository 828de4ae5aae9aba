namespace HybridSearch.Worker.Internal;

/// <summary>A record that could not be indexed, and why.</summary>
internal sealed record DeadLetter(string Source, long? Line, string Cursor, string? Id, string Reason, string? Raw);
