using System.Globalization;

namespace HybridSearch.Evaluation;

/// <summary>A metric cut at rank <paramref name="K"/>, named as in the eval report (<c>ndcg@10</c>, <c>recall@100</c>).</summary>
public readonly record struct MetricAtK(RetrievalMetric Metric, int K)
{
    /// <summary>The report key: <c>ndcg@k</c>, <c>recall@k</c>, <c>mrr@k</c> or <c>map@k</c>.</summary>
    public string Name => Metric switch
    {
        RetrievalMetric.Ndcg => "ndcg@",
        RetrievalMetric.Recall => "recall@",
        RetrievalMetric.ReciprocalRank => "mrr@",
        _ => "map@",
    } + K.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Name;
}
