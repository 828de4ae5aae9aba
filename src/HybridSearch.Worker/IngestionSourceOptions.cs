namespace HybridSearch.Worker;

/// <summary>What the hosted worker ingests. Bound from <see cref="SectionName"/>.</summary>
public sealed class IngestionSourceOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "HybridSearch:Ingestion:Source";

    /// <summary>A JSONL file or a folder of <c>.txt</c>/<c>.md</c> files.</summary>
    public string? Path { get; set; }

    /// <summary>For a folder: keep running and ingest new and rewritten files.</summary>
    public bool Watch { get; set; }

    /// <summary>For a watched folder: how often it is rescanned whatever the file-system watcher reports.</summary>
    public TimeSpan PollInterval { get; set; } = DocumentSources.DefaultPollInterval;

    /// <summary>For a watched folder: how long a file must stay unmodified before it is read.</summary>
    public TimeSpan SettleTime { get; set; } = DocumentSources.DefaultSettleTime;
}
