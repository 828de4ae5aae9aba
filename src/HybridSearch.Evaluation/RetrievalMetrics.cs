namespace HybridSearch.Evaluation;

/// <summary>
/// Per-query retrieval metrics over a ranking already in trec_eval order (see <see cref="TrecOrder"/>); judgements map
/// document ids to integer relevance, where 1 or more is relevant and 0 or less is not (trec_eval's relevance level 1).
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>
    /// Sorts a query's run as trec_eval does before scoring: by descending score, equal scores by descending document id
    /// (ordinal, as C's <c>strcmp</c>). The given order is ignored. Documents whose id is <paramref name="excludeId"/> are
    /// dropped (BEIR ignores a document that is the query itself).
    /// </summary>
    /// <exception cref="ArgumentException">A document appears twice, or a score is NaN.</exception>
    public static string[] TrecOrder(IReadOnlyList<RankedDocument> run, string? excludeId = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var documents = new List<RankedDocument>(run.Count);
        var seen = new HashSet<string>(run.Count, StringComparer.Ordinal);
        foreach (var document in run)
        {
            if (double.IsNaN(document.Score))
            {
                throw new ArgumentException($"Document '{document.Id}' has a NaN score.", nameof(run));
            }

            if (!seen.Add(document.Id))
            {
                throw new ArgumentException($"Document '{document.Id}' is retrieved twice for one query.", nameof(run));
            }

            if (!string.Equals(document.Id, excludeId, StringComparison.Ordinal))
            {
                documents.Add(document);
            }
        }

        documents.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(b.Id, a.Id));
        var ranking = new string[documents.Count];
        for (var i = 0; i < ranking.Length; i++)
        {
            ranking[i] = documents[i].Id;
        }

        return ranking;
    }

    /// <summary>Computes <paramref name="metric"/> for one query.</summary>
    public static double Compute(MetricAtK metric, IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgements) =>
        metric.Metric switch
        {
            RetrievalMetric.Ndcg => Ndcg(ranking, judgements, metric.K),
            RetrievalMetric.Recall => Recall(ranking, judgements, metric.K),
            RetrievalMetric.ReciprocalRank => ReciprocalRank(ranking, judgements, metric.K),
            RetrievalMetric.AveragePrecision => AveragePrecision(ranking, judgements, metric.K),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
        };

    /// <summary>nDCG@k with linear gain (the relevance value) and log2(rank + 1) discount, as trec_eval's <c>ndcg_cut</c>.</summary>
    public static double Ndcg(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgements, int k)
    {
        Validate(ranking, judgements, k);
        double dcg = 0;
        for (var i = 0; i < ranking.Count && i < k; i++)
        {
            if (judgements.TryGetValue(ranking[i], out var relevance) && relevance > 0)
            {
                dcg += relevance / Math.Log2(i + 2);
            }
        }

        var ideal = new List<int>(judgements.Count);
        foreach (var relevance in judgements.Values)
        {
            if (relevance > 0)
            {
                ideal.Add(relevance);
            }
        }

        ideal.Sort(static (a, b) => b.CompareTo(a));
        double idealDcg = 0;
        for (var i = 0; i < ideal.Count && i < k; i++)
        {
            idealDcg += ideal[i] / Math.Log2(i + 2);
        }

        return idealDcg > 0 ? dcg / idealDcg : 0;
    }

    /// <summary>Recall@k: relevant documents in the top k over all relevant documents judged (0 when none is).</summary>
    public static double Recall(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgements, int k)
    {
        Validate(ranking, judgements, k);
        var relevant = CountRelevant(judgements);
        if (relevant == 0)
        {
            return 0;
        }

        var found = 0;
        for (var i = 0; i < ranking.Count && i < k; i++)
        {
            if (IsRelevant(judgements, ranking[i]))
            {
                found++;
            }
        }

        return (double)found / relevant;
    }

    /// <summary>Reciprocal rank of the first relevant document within the top k; 0 when there is none.</summary>
    public static double ReciprocalRank(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgements, int k)
    {
        Validate(ranking, judgements, k);
        for (var i = 0; i < ranking.Count && i < k; i++)
        {
            if (IsRelevant(judgements, ranking[i]))
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>
    /// Average precision cut at k, as trec_eval's <c>map_cut</c>: the precision at each relevant document within the top
    /// k, summed and divided by the number of relevant documents judged.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgements, int k)
    {
        Validate(ranking, judgements, k);
        var relevant = CountRelevant(judgements);
        if (relevant == 0)
        {
            return 0;
        }

        double sum = 0;
        var found = 0;
        for (var i = 0; i < ranking.Count && i < k; i++)
        {
            if (IsRelevant(judgements, ranking[i]))
            {
                found++;
                sum += (double)found / (i + 1);
            }
        }

        return sum / relevant;
    }

    private static bool IsRelevant(IReadOnlyDictionary<string, int> judgements, string id) =>
        judgements.TryGetValue(id, out var relevance) && relevance >= 1;

    private static int CountRelevant(IReadOnlyDictionary<string, int> judgements)
    {
        var count = 0;
        foreach (var relevance in judgements.Values)
        {
            if (relevance >= 1)
            {
                count++;
            }
        }

        return count;
    }

    private static void Validate(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgements, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgements);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
    }
}
