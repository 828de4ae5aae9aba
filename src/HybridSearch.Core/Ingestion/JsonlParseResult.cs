using HybridSearch.Search;

namespace HybridSearch.Ingestion;

/// <summary>
/// What <see cref="JsonlDocumentParser"/> made of one line: a document, the reason it is not one, or nothing (a blank line).
/// At most one of <see cref="Document"/> and <see cref="Error"/> is set.
/// </summary>
public readonly record struct JsonlParseResult
{
    private JsonlParseResult(SearchDocument? document, string? error, bool idIsNumber)
    {
        Document = document;
        Error = error;
        IdIsNumber = idIsNumber;
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

    /// <summary>True for a line holding only white space, which readers skip.</summary>
    public bool IsBlank => Document is null && Error is null;

    internal static JsonlParseResult Blank => default;

    internal static JsonlParseResult ForDocument(SearchDocument document, bool idIsNumber) => new(document, null, idIsNumber);

    internal static JsonlParseResult ForError(string error) => new(null, error, idIsNumber: false);
}
