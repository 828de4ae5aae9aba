namespace HybridSearch.Adapters;

/// <summary>What the held-out queries are scored by after each epoch to pick the best one.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>nDCG@10 of dense retrieval over all documents of the training set (higher is better).</summary>
    NdcgAt10,

    /// <summary>
    /// Softmax cross-entropy of each relevant document against every non-relevant document, at the training temperature
    /// (lower is better).
    /// </summary>
    Loss,
}
