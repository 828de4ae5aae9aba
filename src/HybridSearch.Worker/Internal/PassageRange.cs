namespace HybridSearch.Worker.Internal;

/// <summary>A passage: <paramref name="Length"/> characters of a document's encoding text from <paramref name="Start"/>.</summary>
internal readonly record struct PassageRange(int Start, int Length);
