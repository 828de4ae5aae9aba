namespace HybridSearch.Search;

/// <summary>A document as users give it: an id, its text, an optional title and metadata fields for filtering.</summary>
public sealed record SearchDocument
{
    /// <summary>Creates a document; the id must be non-empty.</summary>
    public SearchDocument(string id, string text, string? title = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(text);
        Id = id;
        Text = text;
        Title = string.IsNullOrEmpty(title) ? null : title;
        Metadata = metadata ?? EmptyMetadata;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();

    /// <summary>Unique id; writing a document with an existing id replaces it.</summary>
    public string Id { get; }

    /// <summary>Body text.</summary>
    public string Text { get; }

    /// <summary>Optional title, searched and encoded together with the text.</summary>
    public string? Title { get; }

    /// <summary>Extra fields, filterable by equality.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>What the document encoder sees: <c>title + " " + text</c> when there is a title.</summary>
    public string EncodingText => ComposeEncodingText(Title, Text);

    /// <summary>
    /// The one rule for the text a document is encoded and keyword-indexed as: <c>title + " " + text</c> when
    /// <paramref name="title"/> is neither null nor empty, else <paramref name="text"/>. Passage offsets are character
    /// ranges of this string, so every backend that turns them back into text must compose it the same way.
    /// </summary>
    public static string ComposeEncodingText(string? title, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.IsNullOrEmpty(title) ? text : string.Concat(title, " ", text);
    }
}
