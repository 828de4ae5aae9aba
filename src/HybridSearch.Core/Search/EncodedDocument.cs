namespace HybridSearch.Search;

/// <summary>
/// A document ready for an index: the document itself and one or more encoded passages (one when the document fits the
/// model, several when it was chunked). A document scores by its best passage.
/// </summary>
/// <param name="Document">The source document.</param>
/// <param name="Passages">At least one passage, in text order.</param>
/// <param name="ContentHash">Hash of the encoded content, so unchanged documents need not be encoded again.</param>
public sealed record EncodedDocument(SearchDocument Document, IReadOnlyList<EncodedPassage> Passages, string ContentHash);
