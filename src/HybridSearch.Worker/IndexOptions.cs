namespace HybridSearch.Worker;

/// <summary>Which index the worker writes to. Bound from <see cref="SectionName"/>.</summary>
public sealed class IndexOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "HybridSearch:Index";

    /// <summary>
    /// <c>embedded</c> (a local index folder at <see cref="Path"/>) or <c>elasticsearch</c>. <c>fake-files</c> is a test
    /// aid: one JSON file per document id under <see cref="Path"/>, for exercising the pipeline without an index.
    /// </summary>
    public string Kind { get; set; } = "embedded";

    /// <summary>Folder of the embedded index (or of the <c>fake-files</c> store).</summary>
    public string? Path { get; set; }
}
