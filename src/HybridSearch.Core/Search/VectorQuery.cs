namespace HybridSearch.Search;

/// <summary>A nearest-neighbour query: documents ranked by the dot product of the vector with their best passage.</summary>
/// <param name="Vector">Query vector from the query encoder.</param>
/// <param name="K">How many documents to return.</param>
/// <param name="Candidates">Candidates an approximate index examines (ignored by exact search); at least K.</param>
/// <param name="Filters">Metadata fields a document must equal, applied before ranking.</param>
public sealed record VectorQuery(ReadOnlyMemory<float> Vector, int K, int Candidates, IReadOnlyDictionary<string, string> Filters);
