namespace HybridSearch.Worker.Testing;

/// <summary>One document of the <see cref="FileStoreBackend"/> test store, as written to its file.</summary>
internal sealed record StoredDocument(string Id, string? Title, string Text, string ContentHash, float[][] Vectors);
