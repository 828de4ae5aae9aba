using HybridSearch.Search;

namespace HybridSearch.Ingestion;

/// <summary>
/// One record of an <see cref="IDocumentSource"/>: a document, or the reason it could not be read. Exactly one of
/// <see cref="Document"/> and <see cref="Error"/> is set.
/// </summary>
public sealed record SourceRecord
{
    private SourceRecord(string cursor, string source, long? line, SearchDocument? document, string? error, string? raw)
    {
        ArgumentException.ThrowIfNullOrEmpty(cursor);
        ArgumentException.ThrowIfNullOrEmpty(source);
        Cursor = cursor;
        Source = source;
        Line = line;
        Document = document;
        Error = error;
        Raw = raw;
    }

    /// <summary>
    /// Opaque position to resume reading after this record (for a JSONL file, the byte offset and number of the next
    /// line), as understood by the source's <see cref="IDocumentSource.ReadAsync"/>.
    /// </summary>
    public string Cursor { get; }

    /// <summary>Where the record came from: a file path, or an index name and document id.</summary>
    public string Source { get; }

    /// <summary>1-based line number in <see cref="Source"/>, for line-oriented sources.</summary>
    public long? Line { get; }

    /// <summary>The document; null when the record is bad.</summary>
    public SearchDocument? Document { get; }

    /// <summary>Why the record is bad (malformed JSON, missing id, invalid UTF-8, …); null for a good record.</summary>
    public string? Error { get; }

    /// <summary>The record's raw text as far as it could be decoded, for dead letters; may be truncated.</summary>
    public string? Raw { get; }

    /// <summary>
    /// Vectors made elsewhere that came with the document (see <see cref="JsonlParseResult.Vectors"/>): indexed as they are,
    /// once checked against the index's model, instead of encoding the text. Null for a document to encode.
    /// </summary>
    public IReadOnlyList<EncodedPassage>? Vectors { get; private init; }

    /// <summary>
    /// The revision the source read the document at (a backfill of an index other writers share), carried to the write
    /// as <see cref="EncodedDocument.Revision"/> so that it never overwrites a newer version; null otherwise.
    /// </summary>
    public DocumentRevision? Revision { get; init; }

    /// <summary>A good record whose document brought its own <paramref name="vectors"/> (null: it is to be encoded).</summary>
    public static SourceRecord ForDocument(
        string cursor, string source, long? line, SearchDocument document, IReadOnlyList<EncodedPassage>? vectors) =>
        ForDocument(cursor, source, line, document) with { Vectors = vectors };

    /// <summary>A good record.</summary>
    public static SourceRecord ForDocument(string cursor, string source, long? line, SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new SourceRecord(cursor, source, line, document, error: null, raw: null);
    }

    /// <summary>A bad record: <paramref name="error"/> says why, naming the field or byte at fault.</summary>
    public static SourceRecord ForError(string cursor, string source, long? line, string error, string? raw)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new SourceRecord(cursor, source, line, document: null, error, raw);
    }
}
