using HybridSearch.Diagnostics;
using HybridSearch.Search;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// Reports every backend search as the <c>search</c> stage. Its keyword, vector, rescore and fusion stages are children of
/// that span: the shared <see cref="SearchPipeline"/> reports them.
/// </summary>
internal sealed class InstrumentedSearchBackend(ISearchBackend innerBackend) : DelegatingSearchBackend(innerBackend)
{
    public override Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ObserveAsync(request, () => InnerBackend.SearchAsync(request, pendingQueryVector, cancellationToken));
    }

    private static async Task<SearchResults> ObserveAsync(SearchRequest request, Func<Task<SearchResults>> search)
    {
        using var stage = HybridSearchTelemetry.StartStage(HybridSearchTelemetry.SearchStage);
        stage.Activity?.SetTag("hybridsearch.mode", request.Mode.ToString());
        stage.Activity?.SetTag("hybridsearch.k", request.K);
        try
        {
            var results = await search().ConfigureAwait(false);
            stage.Activity?.SetTag("hybridsearch.hits", results.Hits.Count);
            return results;
        }
        catch (Exception exception)
        {
            stage.Fail(exception);
            throw;
        }
    }
}
