using System.Diagnostics;
using HybridSearch.Search;

namespace HybridSearch.Evaluation;

/// <summary>
/// Runs every query of a BEIR split through a search function one at a time (usually
/// <see cref="HybridSearchClient.SearchAsync"/>), timing each from query text to ranked hits (query encoding included),
/// and scores the run with <see cref="Evaluator"/>.
/// </summary>
public static class SearchEvaluation
{
    /// <summary>Depth of each ranking: deep enough for Recall@100.</summary>
    public const int RankingDepth = 100;

    /// <summary>The ranked lists and per-query latencies of one evaluation.</summary>
    /// <param name="Run">Query id → ranked documents.</param>
    /// <param name="LatenciesMs">Milliseconds per query, in query order.</param>
    /// <param name="Result">Metric means over the split's queries.</param>
    public sealed record Outcome(
        IReadOnlyDictionary<string, IReadOnlyList<RankedDocument>> Run, double[] LatenciesMs, EvaluationResult Result);

    /// <summary>Searches every query of <paramref name="dataset"/> with <paramref name="search"/>.</summary>
    /// <param name="search">Answers a query text with at least <see cref="RankingDepth"/> hits where there are that many.</param>
    /// <param name="dataset">Queries and judgements.</param>
    /// <param name="warmupQueries">Queries run first and not timed, so JIT and caches do not count as query latency.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<Outcome> RunAsync(
        Func<string, CancellationToken, Task<SearchResults>> search,
        BeirDataset dataset,
        int warmupQueries = 5,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(dataset);
        for (var i = 0; i < Math.Min(warmupQueries, dataset.Queries.Count); i++)
        {
            await search(dataset.Queries[i].Text, cancellationToken).ConfigureAwait(false);
        }

        var run = new Dictionary<string, IReadOnlyList<RankedDocument>>(dataset.Queries.Count, StringComparer.Ordinal);
        var latencies = new double[dataset.Queries.Count];
        for (var i = 0; i < dataset.Queries.Count; i++)
        {
            var query = dataset.Queries[i];
            var started = Stopwatch.GetTimestamp();
            var results = await search(query.Text, cancellationToken).ConfigureAwait(false);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var ranking = new RankedDocument[results.Hits.Count];
            for (var h = 0; h < ranking.Length; h++)
            {
                ranking[h] = new RankedDocument(results.Hits[h].Id, results.Hits[h].Score);
            }

            run[query.Id] = ranking;
        }

        return new Outcome(run, latencies, Evaluator.Evaluate(run, dataset.Qrels));
    }
}
