namespace HybridSearch.Search;

/// <summary>A query to any backend.</summary>
public sealed record SearchRequest
{
    /// <summary>Default <see cref="K"/>.</summary>
    public const int DefaultK = 10;

    /// <summary>Creates a request for <paramref name="query"/>.</summary>
    public SearchRequest(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Query = query;
    }

    /// <summary>The user's query text.</summary>
    public string Query { get; }

    /// <summary>How many hits to return.</summary>
    public int K { get; init; } = DefaultK;

    /// <summary>Which retrievers answer.</summary>
    public SearchMode Mode { get; init; } = SearchMode.Hybrid;

    /// <summary>Fusion settings for <see cref="SearchMode.Hybrid"/>.</summary>
    public FusionOptions Fusion { get; init; } = FusionOptions.Default;

    /// <summary>Metadata fields a hit must equal (all of them). Applied before ranking.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; init; } = new Dictionary<string, string>();

    /// <summary>Candidates each retriever gathers before fusion or rescoring; null lets the backend choose.</summary>
    public int? Candidates { get; init; }

    /// <summary>Re-rank semantic candidates by exact float32 dot product with every passage vector of each candidate.</summary>
    public bool Rescore { get; init; }

    /// <summary>
    /// Whether hits carry their title, best passage text and metadata (the default). False returns ids and scores only,
    /// like <c>_source: false</c> in Elasticsearch: callers that only rank (evaluation, a re-ranker that loads documents
    /// itself) skip reading a stored document per hit, which is most of the cost of a deep (large K) query. A backend that
    /// receives the fields in the same response at no extra cost may fill them anyway.
    /// </summary>
    public bool IncludeFields { get; init; } = true;
}
