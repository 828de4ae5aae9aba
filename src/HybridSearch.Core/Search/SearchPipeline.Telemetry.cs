using HybridSearch.Diagnostics;

namespace HybridSearch.Search;

/// <summary>Stage spans and durations of the pipeline (see <see cref="HybridSearchTelemetry"/>).</summary>
public static partial class SearchPipeline
{
    private const string KeywordStage = HybridSearchTelemetry.KeywordStage;
    private const string VectorStage = HybridSearchTelemetry.VectorStage;
    private const string RescoreStage = HybridSearchTelemetry.RescoreStage;
    private const string FusionStage = HybridSearchTelemetry.FusionStage;

    private static IReadOnlyList<SearchHit> Fuse(
        IReadOnlyList<RetrievedDocument> keyword, IReadOnlyList<RetrievedDocument> semantic, SearchRequest request)
    {
        using var stage = HybridSearchTelemetry.StartStage(FusionStage);
        return ScoreFusion.Fuse(keyword, semantic, request.Fusion, request.K);
    }

    /// <summary>Runs one stage under its span; an async method, so the span is current only inside the stage.</summary>
    private static async Task<T> ObserveAsync<T>(string stageName, Func<Task<T>> run)
    {
        using var stage = HybridSearchTelemetry.StartStage(stageName);
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            stage.Fail(exception);
            throw;
        }
    }
}
