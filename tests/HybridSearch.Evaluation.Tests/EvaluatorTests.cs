using System.Text.Json;
using HybridSearch.Evaluation;

namespace HybridSearch.Evaluation.Tests;

public sealed class EvaluatorTests
{
    private static readonly Dictionary<string, IReadOnlyDictionary<string, int>> Qrels = new()
    {
        ["q1"] = new Dictionary<string, int> { ["d1"] = 1 },
        ["q2"] = new Dictionary<string, int> { ["d2"] = 1, ["d3"] = 1 },
    };

    [Fact]
    public void Means_average_over_every_judged_query_and_a_query_missing_from_the_run_scores_zero()
    {
        // q1: d1 at rank 1 → every metric 1. q2 is absent → 0. Means: 0.5.
        var run = new Dictionary<string, IReadOnlyList<RankedDocument>> { ["q1"] = [new("d1", 3), new("x", 1)] };
        var result = Evaluator.Evaluate(run, Qrels);

        Assert.Equal(2, result.Queries);
        Assert.Equal(0.5, result.Means["ndcg@10"], 12);
        Assert.Equal(0.5, result.Means["recall@100"], 12);
        Assert.Equal(0.5, result.Means["mrr@10"], 12);
        Assert.Equal(0.5, result.Means["map@10"], 12);
        Assert.Equal(0, result.PerQuery["q2"]["ndcg@10"]);
    }

    [Fact]
    public void Hand_worked_run_over_two_queries()
    {
        // q1: x (5), d1 (4) → d1 at rank 2: nDCG = (1/log2 3) / 1 = 0.6309298, recall 1, RR 0.5, AP 0.5.
        // q2: d3 (2), y (1), d2 (0.5) → ranks 1 and 3. DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.6309298;
        //     nDCG = 0.9197208; recall 1; RR 1; AP = (1/1 + 2/3) / 2 = 0.8333333.
        var run = new Dictionary<string, IReadOnlyList<RankedDocument>>
        {
            ["q1"] = [new("d1", 4), new("x", 5)],
            ["q2"] = [new("y", 1), new("d2", 0.5), new("d3", 2)],
            ["unjudged"] = [new("d1", 1)],
        };
        var result = Evaluator.Evaluate(run, Qrels);

        Assert.Equal((0.6309298 + 0.9197208) / 2, result.Means["ndcg@10"], 6);
        Assert.Equal(1, result.Means["recall@100"], 12);
        Assert.Equal(0.75, result.Means["mrr@10"], 12);
        Assert.Equal((0.5 + 0.8333333) / 2, result.Means["map@10"], 6);
        Assert.False(result.PerQuery.ContainsKey("unjudged"));
    }

    [Fact]
    public void Equal_scores_are_broken_by_descending_document_id_as_trec_eval_does()
    {
        // All tie: order d9, d2, d1 → d1 (relevant for q1) is third: RR 1/3.
        var run = new Dictionary<string, IReadOnlyList<RankedDocument>> { ["q1"] = [new("d1", 1), new("d2", 1), new("d9", 1)] };
        var metrics = new[] { new MetricAtK(RetrievalMetric.ReciprocalRank, 10) };
        Assert.Equal(1.0 / 3, Evaluator.Evaluate(run, new Dictionary<string, IReadOnlyDictionary<string, int>> { ["q1"] = Qrels["q1"] }, metrics).Means["mrr@10"], 12);
    }

    [Fact]
    public void A_retrieved_document_with_the_query_id_is_ignored_unless_asked_otherwise()
    {
        var qrels = new Dictionary<string, IReadOnlyDictionary<string, int>> { ["q1"] = new Dictionary<string, int> { ["d1"] = 1 } };
        var run = new Dictionary<string, IReadOnlyList<RankedDocument>> { ["q1"] = [new("q1", 9), new("d1", 1)] };
        var metrics = new[] { new MetricAtK(RetrievalMetric.ReciprocalRank, 10) };
        Assert.Equal(1, Evaluator.Evaluate(run, qrels, metrics).Means["mrr@10"]);
        Assert.Equal(0.5, Evaluator.Evaluate(run, qrels, metrics, ignoreIdenticalIds: false).Means["mrr@10"]);
    }

    [Fact]
    public void A_duplicate_in_a_run_is_refused_naming_the_query()
    {
        var run = new Dictionary<string, IReadOnlyList<RankedDocument>> { ["q2"] = [new("d2", 1), new("d2", 0.5)] };
        var error = Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(run, Qrels));
        Assert.Contains("'q2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'d2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentiles_interpolate_linearly_between_closest_ranks()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        // Position (100 − 1) × p: p50 → 49.5 → 50.5; p99 → 98.01 → 99.01.
        Assert.Equal(50.5, Percentiles.Compute(values, 50), 12);
        Assert.Equal(99.01, Percentiles.Compute(values, 99), 12);
        Assert.Equal(100, Percentiles.Compute(values, 100));
        Assert.Equal(1, Percentiles.Compute(values, 0));
        Assert.Equal(7, Percentiles.Compute([7.0], 99));
        Assert.True(double.IsNaN(Percentiles.Compute([], 50)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Compute(values, 101));
    }

    [Fact]
    public void The_report_json_has_exactly_the_contracts_keys()
    {
        var run = new Dictionary<string, IReadOnlyList<RankedDocument>> { ["q1"] = [new("d1", 3)] };
        var report = EvaluationReport.Create("scifact", "test", "hybrid", "minilm", Evaluator.Evaluate(run, Qrels), [2.0, 4.0, 6.0]);

        using var json = JsonDocument.Parse(report.ToJson());
        string[] expected = ["dataset", "split", "mode", "model", "queries", "ndcg@10", "recall@100", "mrr@10", "map@10", "query_p50_ms", "query_p99_ms"];
        Assert.Equal(expected, json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("scifact", json.RootElement.GetProperty("dataset").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("queries").GetInt32());
        Assert.Equal(0.5, json.RootElement.GetProperty("ndcg@10").GetDouble(), 12);
        Assert.Equal(4, json.RootElement.GetProperty("query_p50_ms").GetDouble(), 12);
        Assert.Equal(5.96, json.RootElement.GetProperty("query_p99_ms").GetDouble(), 12);
    }
}
