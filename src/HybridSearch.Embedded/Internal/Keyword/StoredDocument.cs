using System.Globalization;
using HybridSearch.Search;
using Lucene.Net.Documents;

namespace HybridSearch.Embedded.Internal.Keyword;

/// <summary>The stored fields of one indexed document.</summary>
internal sealed record StoredDocument(
    string Id, string? Title, string Text, (int Start, int Length)[] Passages, long Key, string ContentHash,
    IReadOnlyDictionary<string, string> Metadata)
{
    public static StoredDocument Read(Document document)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in document.Fields)
        {
            if (field.Name.StartsWith(LuceneFields.MetadataPrefix, StringComparison.Ordinal))
            {
                metadata[field.Name[LuceneFields.MetadataPrefix.Length..]] = field.GetStringValue(CultureInfo.InvariantCulture);
            }
        }

        return new StoredDocument(
            document.Get(LuceneFields.Id, CultureInfo.InvariantCulture),
            document.Get(LuceneFields.Title, CultureInfo.InvariantCulture),
            document.Get(LuceneFields.Text, CultureInfo.InvariantCulture) ?? string.Empty,
            ParsePassages(document.Get(LuceneFields.Passages, CultureInfo.InvariantCulture)),
            document.GetField(LuceneFields.Key)?.GetInt64Value() ?? -1,
            document.Get(LuceneFields.ContentHash, CultureInfo.InvariantCulture) ?? string.Empty,
            metadata);
    }

    /// <summary>The text of passage <paramref name="index"/> (the first passage when null).</summary>
    public string PassageText(int? index)
    {
        var encodingText = SearchDocument.ComposeEncodingText(Title, Text);
        if (Passages.Length == 0)
        {
            return encodingText;
        }

        var (start, length) = Passages[Math.Clamp(index ?? 0, 0, Passages.Length - 1)];
        start = Math.Clamp(start, 0, encodingText.Length);
        return encodingText.Substring(start, Math.Clamp(length, 0, encodingText.Length - start));
    }

    public RetrievedDocument ToRetrieved(double score, int? passage) => new()
    {
        Id = Id,
        Score = score,
        BestPassage = passage,
        Title = Title,
        Passage = PassageText(passage),
        Metadata = Metadata,
    };

    private static (int Start, int Length)[] ParsePassages(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        var parts = value.Split(',');
        var passages = new (int, int)[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var colon = parts[i].IndexOf(':', StringComparison.Ordinal);
            passages[i] = (int.Parse(parts[i].AsSpan(0, colon), CultureInfo.InvariantCulture),
                           int.Parse(parts[i].AsSpan(colon + 1), CultureInfo.InvariantCulture));
        }

        return passages;
    }
}
