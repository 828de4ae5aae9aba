using System.Text.Json.Serialization;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>One nested passage: its character span in the encoding text and its vector.</summary>
internal sealed class IndexedPassage
{
    [JsonPropertyName("start")]
    public int Start { get; set; }

    [JsonPropertyName("length")]
    public int Length { get; set; }

    [JsonPropertyName("vector")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float[]? Vector { get; set; }
}
