namespace HybridSearch.Elasticsearch;

/// <summary>
/// Settings of an Elasticsearch backfill source (see <see cref="ElasticsearchBackfill"/>), bound by the worker from
/// <see cref="SectionName"/>. Checked by <see cref="ElasticsearchBackfillOptionsValidator"/>; every message names the setting.
/// </summary>
public sealed class ElasticsearchBackfillOptions
{
    /// <summary>Configuration section the worker binds these options from.</summary>
    public const string SectionName = "HybridSearch:Ingestion:Source:Backfill";

    /// <summary>Default <see cref="PageSize"/>.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>Largest <see cref="PageSize"/>: Elasticsearch's default <c>index.max_result_window</c>.</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>Largest <see cref="SliceCount"/>: Elasticsearch's default <c>index.max_slices_per_scroll</c>.</summary>
    public const int MaxSliceCount = 1024;

    /// <summary>Default <see cref="KeepAlive"/>.</summary>
    public static readonly TimeSpan DefaultKeepAlive = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Index or alias to scan; null or blank for the backend's <see cref="ElasticsearchBackendOptions.IndexName"/>. Updates are
    /// written through the backend, so this must be that index or the concrete index behind its alias.
    /// </summary>
    public string? Index { get; set; }

    /// <summary>Documents per search request.</summary>
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>
    /// How long the point in time outlives each request (<c>keep_alive</c>); it must cover encoding one page. A point in
    /// time that expires anyway is reopened and the scan continues after the last document read.
    /// </summary>
    public TimeSpan KeepAlive { get; set; } = DefaultKeepAlive;

    /// <summary>This worker's slice, 0 ≤ SliceId &lt; <see cref="SliceCount"/>.</summary>
    public int SliceId { get; set; }

    /// <summary>
    /// Number of workers sharing the scan (one slice each); 1 for no slicing. Keep it at most the index's number of primary
    /// shards: each slice is then a set of whole shards and stays the same across workers and reopened points in time.
    /// </summary>
    public int SliceCount { get; set; } = 1;

    /// <summary>Which documents are handed on.</summary>
    public BackfillMode Mode { get; set; } = BackfillMode.MissingOrChanged;

    /// <summary>The index or alias scanned.</summary>
    public string EffectiveIndex(ElasticsearchBackendOptions backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return string.IsNullOrWhiteSpace(Index) ? backend.IndexName : Index;
    }
}
