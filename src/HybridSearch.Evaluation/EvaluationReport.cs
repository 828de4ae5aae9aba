using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridSearch.Evaluation;

/// <summary>
/// The JSON report of <c>eval</c> (DESIGN.md's command-line contract): dataset, split, mode, model, query count, the four
/// metrics and the query latency percentiles. Property names are the contract's keys.
/// </summary>
public sealed record EvaluationReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Dataset name (the folder's name, e.g. <c>scifact</c>).</summary>
    [JsonPropertyName("dataset")]
    public required string Dataset { get; init; }

    /// <summary>Split evaluated.</summary>
    [JsonPropertyName("split")]
    public required string Split { get; init; }

    /// <summary><c>bm25</c>, <c>dense</c> or <c>hybrid</c>.</summary>
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    /// <summary>Model name; null for BM25 alone.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    /// <summary>Number of queries evaluated.</summary>
    [JsonPropertyName("queries")]
    public required int Queries { get; init; }

    /// <summary>Mean nDCG@10.</summary>
    [JsonPropertyName("ndcg@10")]
    public required double Ndcg10 { get; init; }

    /// <summary>Mean Recall@100.</summary>
    [JsonPropertyName("recall@100")]
    public required double Recall100 { get; init; }

    /// <summary>Mean MRR@10.</summary>
    [JsonPropertyName("mrr@10")]
    public required double Mrr10 { get; init; }

    /// <summary>Mean MAP@10.</summary>
    [JsonPropertyName("map@10")]
    public required double Map10 { get; init; }

    /// <summary>Median query latency in milliseconds (query encoding included).</summary>
    [JsonPropertyName("query_p50_ms")]
    public required double QueryP50Ms { get; init; }

    /// <summary>99th-percentile query latency in milliseconds.</summary>
    [JsonPropertyName("query_p99_ms")]
    public required double QueryP99Ms { get; init; }

    /// <summary>
    /// Builds the report from an evaluation with <see cref="Evaluator.DefaultMetrics"/> and per-query latencies (latency
    /// percentiles are 0 when there are none, since JSON has no NaN).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The evaluation lacks one of the report's metrics.</exception>
    public static EvaluationReport Create(
        string dataset, string split, string mode, string? model, EvaluationResult result, ReadOnlySpan<double> latenciesMs)
    {
        ArgumentNullException.ThrowIfNull(result);
        var metrics = Evaluator.DefaultMetrics;
        return new EvaluationReport
        {
            Dataset = dataset,
            Split = split,
            Mode = mode,
            Model = model,
            Queries = result.Queries,
            Ndcg10 = result[metrics[0]],
            Recall100 = result[metrics[1]],
            Mrr10 = result[metrics[2]],
            Map10 = result[metrics[3]],
            QueryP50Ms = latenciesMs.IsEmpty ? 0 : Percentiles.Compute(latenciesMs, 50),
            QueryP99Ms = latenciesMs.IsEmpty ? 0 : Percentiles.Compute(latenciesMs, 99),
        };
    }

    /// <summary>The report as JSON with the contract's keys.</summary>
    public string ToJson(bool indented = true) => JsonSerializer.Serialize(this, indented ? Indented : JsonSerializerOptions.Default);
}
