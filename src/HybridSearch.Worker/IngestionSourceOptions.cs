using HybridSearch.Ingestion;
using HybridSearch.Elasticsearch;

namespace HybridSearch.Worker;

/// <summary>What the hosted worker ingests. Bound from <see cref="SectionName"/>.</summary>
public sealed class IngestionSourceOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "HybridSearch:Ingestion:Source";

    /// <summary><see cref="Kind"/> of a JSONL file or a folder at <see cref="Path"/> (the default).</summary>
    public const string FileKind = "file";

    /// <summary>
    /// <see cref="Kind"/> of a backfill of the Elasticsearch index the worker writes to: documents missing vectors (or with
    /// a changed content hash) are encoded and rewritten in place. Configured by <see cref="Backfill"/>.
    /// </summary>
    public const string ElasticsearchBackfillKind = "elasticsearch-backfill";

    /// <summary><see cref="FileKind"/> or <see cref="ElasticsearchBackfillKind"/>.</summary>
    public string Kind { get; set; } = FileKind;

    /// <summary>Settings of <see cref="ElasticsearchBackfillKind"/> (<c>HybridSearch:Ingestion:Source:Backfill:*</c>).</summary>
    public ElasticsearchBackfillOptions Backfill { get; set; } = new();

    /// <summary>For <see cref="FileKind"/>: a JSONL file or a folder of <c>.txt</c>/<c>.md</c> files.</summary>
    public string? Path { get; set; }

    /// <summary>For a folder: keep running and ingest new and rewritten files.</summary>
    public bool Watch { get; set; }

    /// <summary>For a watched folder: how often it is rescanned whatever the file-system watcher reports.</summary>
    public TimeSpan PollInterval { get; set; } = DocumentSources.DefaultPollInterval;

    /// <summary>For a watched folder: how long a file must stay unmodified before it is read.</summary>
    public TimeSpan SettleTime { get; set; } = DocumentSources.DefaultSettleTime;

    /// <summary>True when <see cref="Kind"/> is <see cref="ElasticsearchBackfillKind"/>.</summary>
    public bool IsElasticsearchBackfill => string.Equals(Kind, ElasticsearchBackfillKind, StringComparison.OrdinalIgnoreCase);
}
