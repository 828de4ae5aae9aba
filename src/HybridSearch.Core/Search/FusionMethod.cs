namespace HybridSearch.Search;

/// <summary>How keyword and semantic result lists are combined.</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion: sum of 1 / (constant + rank) over the lists that found a document.</summary>
    ReciprocalRank,

    /// <summary>Weighted sum of normalised scores: alpha × semantic + (1 − alpha) × keyword.</summary>
    Linear,
}
