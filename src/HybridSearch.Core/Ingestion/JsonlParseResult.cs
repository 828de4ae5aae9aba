using HybridSearch.Search;

namespace HybridSearch.Ingestion;

/// <summary>
/// What <see cref="JsonlDocumentParser"/> made of one line: a document, the reason it is not one, or nothing (a blank line).
/// At most one of <see cref="Document"/> and <see cref="Error"/> is set.
/// </summary>
public readonly record struct JsonlParseResult
{
    private JsonlParseResult(SearchDocument? document, string? error, bool idIsNumber, IReadOnlyList<EncodedPassage>? vectors = null)
    {
        Document = document;
        Error = error;
        IdIsNumber = idIsNumber;
        Vectors = vectors;
    }

    /// <summary>The document; null for a bad or blank line.</summary>
    public SearchDocument? Document { get; }

    /// <summary>Why the line is not a document, naming the field at fault; null for a good or blank line.</summary>
    public string? Error { get; }

    /// <summary>
    /// True when the id was written as a JSON number (<see cref="SearchDocument.Id"/> then holds its JSON text), so a
    /// tool that echoes ids can write them back as numbers.
    /// </summary>
    public bool IdIsNumber { get; }

    /// <summary>
    /// Vectors the line brought with it (a <c>vector</c> array, or <c>passages</c> with a vector each), each with its range
    /// of <see cref="SearchDocument.EncodingText"/>; null when the document is to be encoded. Their size and length are not
    /// checked here: only the index's model says what they must be.
    /// </summary>
    public IReadOnlyList<EncodedPassage>? Vectors { get; }

    /// <summary>True for a line holding only white space, which readers skip.</summary>
    public bool IsBlank => Document is null && Error is null;

    internal static JsonlParseResult Blank => default;

    internal static JsonlParseResult ForDocument(SearchDocument document, bool idIsNumber, IReadOnlyList<EncodedPassage>? vectors = null) =>
        new(document, null, idIsNumber, vectors);

    internal static JsonlParseResult ForError(string error) => new(null, error, idIsNumber: false);
}
