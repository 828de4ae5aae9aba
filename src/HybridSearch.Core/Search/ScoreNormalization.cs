namespace HybridSearch.Search;

/// <summary>How scores of one result list are put on a common scale before a linear combination.</summary>
public enum ScoreNormalization
{
    /// <summary>(score − min) / (max − min) over the list.</summary>
    MinMax,

    /// <summary>(score − mean) / standard deviation over the list.</summary>
    ZScore,
}
