namespace HybridSearch.Search;

/// <summary>A BM25 query over title and text.</summary>
/// <param name="Text">Query text; analysed like the documents, never parsed as query syntax.</param>
/// <param name="K">How many documents to return.</param>
/// <param name="Filters">Metadata fields a document must equal, applied before ranking.</param>
public sealed record KeywordQuery(string Text, int K, IReadOnlyDictionary<string, string> Filters);
