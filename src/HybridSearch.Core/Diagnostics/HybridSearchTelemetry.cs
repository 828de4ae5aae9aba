using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HybridSearch.Diagnostics;

/// <summary>
/// The names OpenTelemetry subscribes to (<c>AddSource("HybridSearch")</c>, <c>AddMeter("HybridSearch")</c>) and the one
/// way every part of the query path reports a stage: a span named after the stage and one sample of the
/// <see cref="StageDurationInstrument"/> histogram tagged with it.
/// </summary>
public static class HybridSearchTelemetry
{
    /// <summary>Name of the <see cref="ActivitySource"/> that emits query-path spans.</summary>
    public const string ActivitySourceName = "HybridSearch";

    /// <summary>Name of the <see cref="Meter"/> that emits query-path metrics.</summary>
    public const string MeterName = "HybridSearch";

    /// <summary>Histogram of stage durations in seconds, tagged <see cref="StageTag"/>.</summary>
    public const string StageDurationInstrument = "hybridsearch.stage.duration";

    /// <summary>Tag naming the stage: one of the <c>…Stage</c> constants.</summary>
    public const string StageTag = "hybridsearch.stage";

    /// <summary>Encoding texts with a model (query or document tower).</summary>
    public const string EncodeStage = "encode";

    /// <summary>The BM25 retriever.</summary>
    public const string KeywordStage = "keyword";

    /// <summary>The vector retriever.</summary>
    public const string VectorStage = "vector";

    /// <summary>Exact float32 rescoring of vector candidates.</summary>
    public const string RescoreStage = "rescore";

    /// <summary>Fusion of the keyword and vector lists.</summary>
    public const string FusionStage = "fusion";

    /// <summary>A whole backend search (retrieval, rescoring and fusion).</summary>
    public const string SearchStage = "search";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(
        StageDurationInstrument, unit: "s", description: "Duration of one stage of the query path.");

    /// <summary>
    /// Starts timing <paramref name="stage"/>; dispose the result when the stage ends. Costs two timestamps when nobody
    /// listens. Call <see cref="StageMeasurement.Fail"/> before disposing when the stage threw.
    /// </summary>
    public static StageMeasurement StartStage(string stage)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        var activity = Source.StartActivity(string.Concat("hybridsearch.", stage), ActivityKind.Internal);
        activity?.SetTag(StageTag, stage);
        return new StageMeasurement(stage, activity, StageDuration, Stopwatch.GetTimestamp());
    }
}
