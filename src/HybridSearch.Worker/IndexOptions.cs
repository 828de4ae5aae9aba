namespace HybridSearch.Worker;

/// <summary>Which index the worker writes to. Bound from <see cref="SectionName"/>.</summary>
public sealed class IndexOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "HybridSearch:Index";

    /// <summary>
    /// <c>embedded</c> (a local index folder at <see cref="Path"/>) or <c>elasticsearch</c> (configured by
    /// <c>HybridSearch:Elasticsearch:*</c>, the Elasticsearch backend's options).
    /// </summary>
    public string Kind { get; set; } = "embedded";

    /// <summary>Folder of the embedded index (created when missing); unused for Elasticsearch.</summary>
    public string? Path { get; set; }
}
