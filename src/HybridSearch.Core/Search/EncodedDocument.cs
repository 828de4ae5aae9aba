namespace HybridSearch.Search;

/// <summary>
/// A document ready for an index: the document itself and one or more encoded passages (one when the document fits the
/// model, several when it was chunked). A document scores by its best passage.
/// </summary>
/// <param name="Document">The source document.</param>
/// <param name="Passages">At least one passage, in text order.</param>
/// <param name="ContentHash">Hash of the encoded content, so unchanged documents need not be encoded again.</param>
public sealed record EncodedDocument(SearchDocument Document, IReadOnlyList<EncodedPassage> Passages, string ContentHash)
{
    /// <summary>
    /// The revision the document was read at, when the write must find it unchanged (a backfill of an index that other
    /// writers share); null for an unconditional write. An index that has no other writer (the embedded index, locked to
    /// one) has nothing to compare it with and writes unconditionally.
    /// </summary>
    public DocumentRevision? Revision { get; init; }
}
