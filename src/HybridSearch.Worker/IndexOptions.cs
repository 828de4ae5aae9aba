namespace HybridSearch.Worker;

/// <summary>Which index the worker writes to. Bound from <see cref="SectionName"/>.</summary>
public sealed class IndexOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "HybridSearch:Index";

    /// <summary><c>embedded</c>: a local index folder at <see cref="Path"/> (the only kind the worker opens so far).</summary>
    public string Kind { get; set; } = "embedded";

    /// <summary>Folder of the embedded index (created when missing).</summary>
    public string? Path { get; set; }
}
