using System.Text.Json.Serialization;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>The <c>_source</c> of one document as stored by both layouts of <c>mappings/</c>.</summary>
internal sealed class IndexedDocument
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; set; }

    [JsonPropertyName("text")]
    public string Text { get; set; } = string.Empty;

    [JsonPropertyName("content_hash")]
    public string ContentHash { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    [JsonConverter(typeof(MetadataConverter))]
    public Dictionary<string, string> Metadata { get; set; } = [];

    /// <summary>The one vector of the single-vector layout; null in the nested layout and when left out of a response.</summary>
    [JsonPropertyName("vector")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float[]? Vector { get; set; }

    /// <summary>Passages of the nested layout; null in the single-vector layout.</summary>
    [JsonPropertyName("passages")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<IndexedPassage>? Passages { get; set; }

    /// <summary>
    /// The text of passage <paramref name="best"/> (nested layout, offsets within bounds), else the whole text: what a hit
    /// shows as its passage.
    /// </summary>
    public string PassageText(int? best)
    {
        if (Passages is { } passages && best is { } index && index >= 0 && index < passages.Count)
        {
            var text = EncodingText;
            var span = passages[index];
            if (span.Start >= 0 && span.Length >= 0 && span.Start + span.Length <= text.Length)
            {
                return text.Substring(span.Start, span.Length);
            }
        }

        return Text;
    }

    /// <summary>The text the encoder saw, so passage offsets can be turned back into text.</summary>
    [JsonIgnore]
    public string EncodingText => SearchDocument.ComposeEncodingText(Title, Text);
}
