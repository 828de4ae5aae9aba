namespace HybridSearch.WebDemo.Indexing;

/// <summary>What the demo indexes when it starts: configuration section <see cref="SectionName"/>.</summary>
internal sealed class StartupIndexingOptions
{
    public const string SectionName = "StartupIndexing";

    public const int DefaultBatchSize = 32;

    /// <summary>A JSONL file (<c>id</c> or <c>_id</c>, <c>text</c>, optional <c>title</c>) or a folder of .txt/.md files;
    /// relative to the content root. Unset: nothing is indexed and the app is ready at once.</summary>
    public string? Documents { get; set; }

    /// <summary>Passages encoded together.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>
    /// Folder of the ingestion checkpoint and dead letters, relative to the content root; unset: inside the embedded index
    /// (<c>HybridSearch:IndexPath</c>), else <c>.hybridsearch/ingest-state</c>.
    /// </summary>
    public string? StateDirectory { get; set; }
}
