using HybridSearch.Encoders;

namespace HybridSearch.Embedded;

/// <summary>Settings of an <see cref="EmbeddedIndex"/>. Defaults reproduce the published BM25 figures on SciFact.</summary>
public sealed class EmbeddedIndexOptions
{
    /// <summary>Default <see cref="Bm25K1"/> (Anserini's BEIR setting).</summary>
    public const float DefaultBm25K1 = 0.9f;

    /// <summary>Default <see cref="Bm25B"/> (Anserini's BEIR setting).</summary>
    public const float DefaultBm25B = 0.4f;

    /// <summary>Default <see cref="Connectivity"/>.</summary>
    public const int DefaultConnectivity = 16;

    /// <summary>Default <see cref="ExpansionAdd"/>.</summary>
    public const int DefaultExpansionAdd = 128;

    /// <summary>Default <see cref="ExpansionSearch"/>.</summary>
    public const int DefaultExpansionSearch = 64;

    /// <summary>Default <see cref="ExactFilterThreshold"/>.</summary>
    public const int DefaultExactFilterThreshold = 20_000;

    /// <summary>Default <see cref="RescoreOversampling"/>.</summary>
    public const int DefaultRescoreOversampling = 10;

    /// <summary>Default <see cref="GraphFilterMinShare"/>.</summary>
    public const double DefaultGraphFilterMinShare = 0.25;

    /// <summary>Default <see cref="CompactionThreshold"/>.</summary>
    public const double DefaultCompactionThreshold = 0.25;

    /// <summary>Default <see cref="MaxSegments"/>.</summary>
    public const int DefaultMaxSegments = 10;

    /// <summary>Default <see cref="RefreshInterval"/>.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>BM25 term-frequency saturation k1.</summary>
    public float Bm25K1 { get; set; } = DefaultBm25K1;

    /// <summary>BM25 document-length normalisation b, between 0 and 1.</summary>
    public float Bm25B { get; set; } = DefaultBm25B;

    /// <summary>Exact (default) or approximate vector search.</summary>
    public VectorSearchMode VectorSearch { get; set; } = VectorSearchMode.Exact;

    /// <summary>Approximate search: graph edges per node (HNSW M). More is better recall, more memory.</summary>
    public int Connectivity { get; set; } = DefaultConnectivity;

    /// <summary>Approximate search: candidate list size while inserting (HNSW efConstruction).</summary>
    public int ExpansionAdd { get; set; } = DefaultExpansionAdd;

    /// <summary>Approximate search: candidate list size while searching (HNSW ef); a query's candidate count raises it.</summary>
    public int ExpansionSearch { get; set; } = DefaultExpansionSearch;

    /// <summary>
    /// Approximate and int8 search: when a metadata filter leaves at most this many passage rows, they are scored exactly in
    /// float32 instead of walking the graph (where a selective filter would starve the traversal) or scanning every row.
    /// </summary>
    public int ExactFilterThreshold { get; set; } = DefaultExactFilterThreshold;

    /// <summary>
    /// Approximate search: a metadata filter that leaves less than this share of the rows (0–1) is answered by scoring the
    /// allowed rows exactly, since most graph neighbours would be filtered out and the walk starves (on a million clustered
    /// vectors a 3% filter gave recall@10 0.40 at 700 ms through the graph, 1.0 at 21 ms exactly). 0 always uses the graph.
    /// </summary>
    public double GraphFilterMinShare { get; set; } = DefaultGraphFilterMinShare;

    /// <summary>
    /// <see cref="VectorSearchMode.ExactInt8"/>: documents rescored in float32 per hit asked for (K × this, or the query's
    /// candidate count when larger). More is closer to exact float32 search, at the cost of one float32 passage read each.
    /// </summary>
    public int RescoreOversampling { get; set; } = DefaultRescoreOversampling;

    /// <summary>
    /// Exact and int8 search: threads one query's scan of a large index may use (indexes under about 131k rows are scanned
    /// on the calling thread). A scan is bound by memory bandwidth, which one core does not use up; 1 keeps every query on
    /// one thread, for servers that would rather spend cores on concurrent queries. Default: the processor count.
    /// </summary>
    public int ScanThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>A commit rewrites all vector segments without their deleted rows once this fraction of rows is deleted.</summary>
    public double CompactionThreshold { get; set; } = DefaultCompactionThreshold;

    /// <summary>
    /// Most vector segment files: a commit that would leave more merges the newest (smallest) ones into one, down to at
    /// most half this many, taking older files only while they are not much larger than what is merged.
    /// </summary>
    public int MaxSegments { get; set; } = DefaultMaxSegments;

    /// <summary>
    /// When set, opening an index built by an incompatible document encoder fails with
    /// <see cref="Search.IncompatibleEncoderException"/>.
    /// </summary>
    public EncoderIdentity? ExpectedEncoder { get; set; }

    /// <summary>
    /// Passage settings, as <see cref="HybridSearch.Chunking.ChunkingSetting"/> formats them (for example
    /// <c>passages:254:32:True:0.25</c>): recorded when the index is created; opening an index recorded with other settings
    /// fails, since its passages would not be comparable. The short form older indexes recorded (<c>passages:254:32</c>)
    /// matches its full equivalent.
    /// </summary>
    public string? Chunking { get; set; }

    /// <summary>
    /// Whether disposing the index commits pending changes (default). When false, disposing discards everything written
    /// since the last <see cref="EmbeddedIndex.CommitAsync"/>, as a crash would.
    /// </summary>
    public bool CommitOnDispose { get; set; } = true;

    /// <summary>
    /// Opens the index for searching only, in any number of processes beside the one writer: no write lock is taken,
    /// nothing is written or deleted, and write methods throw <see cref="InvalidOperationException"/>. Searches see the
    /// last commit and follow newer ones (see <see cref="RefreshInterval"/>); uncommitted writes of the writer are not
    /// visible. Vector search is exact in a read-only open (the approximate graph is not loaded).
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// Read-only opens: how often a search checks whether the writer committed since (a directory listing) and, if so,
    /// moves to the new commit. Zero checks on every search.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = DefaultRefreshInterval;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(RefreshInterval, TimeSpan.Zero, nameof(RefreshInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(Bm25K1, nameof(Bm25K1));
        if (Bm25B is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Bm25B), Bm25B, "BM25 b must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Connectivity, 2, nameof(Connectivity));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ExpansionAdd, nameof(ExpansionAdd));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ExpansionSearch, nameof(ExpansionSearch));
        ArgumentOutOfRangeException.ThrowIfNegative(ExactFilterThreshold, nameof(ExactFilterThreshold));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RescoreOversampling, nameof(RescoreOversampling));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ScanThreads, nameof(ScanThreads));
        if (GraphFilterMinShare is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(GraphFilterMinShare), GraphFilterMinShare, "A share lies in [0, 1].");
        }
        if (CompactionThreshold is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CompactionThreshold), CompactionThreshold, "Must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSegments, nameof(MaxSegments));
    }
}
