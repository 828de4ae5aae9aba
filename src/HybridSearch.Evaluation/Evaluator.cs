namespace HybridSearch.Evaluation;

/// <summary>
/// Scores a run against relevance judgements the way BEIR does with pytrec_eval: each query's run is put in trec_eval
/// order (score descending, ties by document id descending), a document whose id equals the query id is ignored, and
/// each metric is averaged over every query in the qrels, a query missing from the run scoring 0.
/// </summary>
public static class Evaluator
{
    /// <summary>The metrics of the eval report: nDCG@10, Recall@100, MRR@10, MAP@10.</summary>
    public static IReadOnlyList<MetricAtK> DefaultMetrics { get; } =
    [
        new(RetrievalMetric.Ndcg, 10),
        new(RetrievalMetric.Recall, 100),
        new(RetrievalMetric.ReciprocalRank, 10),
        new(RetrievalMetric.AveragePrecision, 10),
    ];

    /// <summary>Evaluates <paramref name="run"/> (query id → retrieved documents with scores) against <paramref name="qrels"/>.</summary>
    /// <param name="run">Retrieved documents per query; queries the qrels do not judge are ignored.</param>
    /// <param name="qrels">Query id → (document id → relevance).</param>
    /// <param name="metrics">Metrics to compute; <see cref="DefaultMetrics"/> when null.</param>
    /// <param name="ignoreIdenticalIds">Drop a retrieved document whose id is the query id (BEIR's default).</param>
    /// <exception cref="ArgumentException">A query's run repeats a document or has a NaN score; the message names the query.</exception>
    public static EvaluationResult Evaluate(
        IReadOnlyDictionary<string, IReadOnlyList<RankedDocument>> run,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels,
        IReadOnlyList<MetricAtK>? metrics = null,
        bool ignoreIdenticalIds = true)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(qrels);
        metrics ??= DefaultMetrics;
        var sums = new double[metrics.Count];
        var perQuery = new Dictionary<string, IReadOnlyDictionary<string, double>>(qrels.Count, StringComparer.Ordinal);
        foreach (var (queryId, judgements) in qrels)
        {
            string[] ranking;
            try
            {
                ranking = run.TryGetValue(queryId, out var retrieved)
                    ? RetrievalMetrics.TrecOrder(retrieved, ignoreIdenticalIds ? queryId : null)
                    : [];
            }
            catch (ArgumentException exception)
            {
                throw new ArgumentException($"Query '{queryId}': {exception.Message}", nameof(run), exception);
            }

            var values = new Dictionary<string, double>(metrics.Count, StringComparer.Ordinal);
            for (var m = 0; m < metrics.Count; m++)
            {
                var value = RetrievalMetrics.Compute(metrics[m], ranking, judgements);
                values[metrics[m].Name] = value;
                sums[m] += value;
            }

            perQuery[queryId] = values;
        }

        var means = new Dictionary<string, double>(metrics.Count, StringComparer.Ordinal);
        for (var m = 0; m < metrics.Count; m++)
        {
            means[metrics[m].Name] = qrels.Count == 0 ? 0 : sums[m] / qrels.Count;
        }

        return new EvaluationResult(qrels.Count, means, perQuery);
    }
}
