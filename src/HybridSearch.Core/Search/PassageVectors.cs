namespace HybridSearch.Search;

/// <summary>The stored float32 vectors of every passage of one document, for exact rescoring.</summary>
/// <param name="Id">Document id.</param>
/// <param name="Vectors">Passage vectors in passage order.</param>
public sealed record PassageVectors(string Id, IReadOnlyList<ReadOnlyMemory<float>> Vectors);
