namespace HybridSearch.Evaluation;

/// <summary>The outcome of <see cref="Evaluator.Evaluate"/>: each metric's mean over the judged queries, and per query.</summary>
/// <param name="Queries">Number of queries averaged over: every query of the qrels.</param>
/// <param name="Means">Metric name (<c>ndcg@10</c>, …) → mean over the queries.</param>
/// <param name="PerQuery">Query id → (metric name → value).</param>
public sealed record EvaluationResult(
    int Queries,
    IReadOnlyDictionary<string, double> Means,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> PerQuery)
{
    /// <summary>The mean of <paramref name="metric"/>.</summary>
    /// <exception cref="KeyNotFoundException">The metric was not evaluated.</exception>
    public double this[MetricAtK metric] =>
        Means.TryGetValue(metric.Name, out var value) ? value : throw new KeyNotFoundException($"Metric {metric.Name} was not evaluated.");
}
