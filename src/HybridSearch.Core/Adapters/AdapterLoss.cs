namespace HybridSearch.Adapters;

/// <summary>The objective a <see cref="QueryAdapter"/> is trained with.</summary>
public enum AdapterLoss
{
    /// <summary>
    /// InfoNCE (softmax cross-entropy over dot products divided by a temperature): each query against its positive, every
    /// other document in the batch (in-batch negatives) and the hard negatives mined for the batch.
    /// </summary>
    InfoNce,

    /// <summary>
    /// Triplet margin loss <c>max(0, margin − s(q,p) + s(q,n))</c>, averaged over the query's hard negatives (or over the
    /// in-batch negatives when it has none).
    /// </summary>
    Triplet,
}
