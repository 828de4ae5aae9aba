using HybridSearch.Search;

namespace HybridSearch.DependencyInjection;

/// <summary>
/// Settings of <c>AddHybridSearch</c>, bound from the configuration section <see cref="SectionName"/> and validated at
/// start-up. Encoder- and backend-specific settings (<see cref="Model"/>, <see cref="IndexPath"/>) are checked only when
/// that encoder or backend is added; Elasticsearch has its own section, <c>HybridSearch:Elasticsearch</c>.
/// </summary>
public sealed class HybridSearchOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "HybridSearch";

    /// <summary>Default <see cref="QueryCacheSize"/>.</summary>
    public const int DefaultQueryCacheSize = 1024;

    /// <summary>Default <see cref="MaxK"/>.</summary>
    public const int DefaultMaxK = 100;

    /// <summary>Packaged model name (<c>minilm</c>, <c>arctic-xs</c>) or model folder, for <c>AddOnnxEncoders()</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Folder of the embedded index, for <c>AddEmbeddedIndex()</c>.</summary>
    public string? IndexPath { get; set; }

    /// <summary>How many query embeddings to keep; repeated queries skip the model. 0 turns the cache off.</summary>
    public int QueryCacheSize { get; set; } = DefaultQueryCacheSize;

    /// <summary>Mode of a request that does not name one.</summary>
    public SearchMode DefaultMode { get; set; } = SearchMode.Hybrid;

    /// <summary>Hits returned when a request does not say.</summary>
    public int DefaultK { get; set; } = SearchRequest.DefaultK;

    /// <summary>Largest number of hits a request may ask for.</summary>
    public int MaxK { get; set; } = DefaultMaxK;

    /// <summary>Re-rank vector candidates by exact float32 dot product.</summary>
    public bool Rescore { get; set; }

    /// <summary>Candidates each retriever gathers; null lets the backend choose.</summary>
    public int? Candidates { get; set; }

    /// <summary>Hybrid fusion method.</summary>
    public FusionMethod FusionMethod { get; set; } = FusionOptions.Default.Method;

    /// <summary>Linear fusion: weight of the semantic score, 0..1.</summary>
    public double FusionAlpha { get; set; } = FusionOptions.DefaultAlpha;

    /// <summary>RRF constant.</summary>
    public int FusionRankConstant { get; set; } = FusionOptions.DefaultRankConstant;

    /// <summary>How many results of each list take part in fusion.</summary>
    public int FusionWindow { get; set; } = FusionOptions.DefaultWindow;

    /// <summary>A request for <paramref name="query"/> with these defaults, <paramref name="mode"/> and <paramref name="k"/> applied.</summary>
    public SearchRequest CreateRequest(string query, SearchMode? mode = null, int? k = null) => new(query)
    {
        Mode = mode ?? DefaultMode,
        K = k ?? DefaultK,
        Rescore = Rescore,
        Candidates = Candidates,
        Fusion = new FusionOptions
        {
            Method = FusionMethod,
            Alpha = FusionAlpha,
            RankConstant = FusionRankConstant,
            Window = FusionWindow,
        },
    };
}
