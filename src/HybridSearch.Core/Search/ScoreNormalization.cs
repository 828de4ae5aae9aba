namespace HybridSearch.Search;

/// <summary>How scores of one result list are put on a common scale before a linear combination.</summary>
public enum ScoreNormalization
{
    /// <summary>
    /// (score − min) / (max − min) over the list; a document the list did not return gets 0, and a list whose scores are
    /// all equal gives each member 1.
    /// </summary>
    MinMax,

    /// <summary>
    /// (score − mean) / population standard deviation over the list; a document the list did not return gets the list's
    /// lowest z-score, and a list whose scores are all equal gives each member 0.
    /// </summary>
    ZScore,
}
