using System.Collections.Concurrent;
using System.Diagnostics;
using HybridSearch.Core.Tests.Search;
using HybridSearch.Diagnostics;
using HybridSearch.Search;
using static HybridSearch.Core.Tests.Search.FakeSearchBackend;

namespace HybridSearch.Core.Tests.Diagnostics;

public sealed class PipelineTelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public PipelineTelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HybridSearchTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task A_rescored_hybrid_search_reports_keyword_vector_rescore_and_fusion_stages_under_the_callers_span()
    {
        var backend = new FakeSearchBackend { KeywordResults = [Doc("a", 3)], VectorResults = [Doc("a", 0.5), Doc("b", 0.4)] };
        backend.StoredPassages["a"] = [[1f, 0f]];
        backend.StoredPassages["b"] = [[0f, 1f]];

        var spans = await TraceAsync(() => SearchPipeline.RunAsync(
            backend, new SearchRequest("q") { Mode = SearchMode.Hybrid, Rescore = true }, new float[] { 1f, 0f }));

        Assert.Equal(["fusion", "keyword", "rescore", "vector"], spans.Select(s => (string)s.GetTagItem(HybridSearchTelemetry.StageTag)!).Order(StringComparer.Ordinal));
        Assert.All(spans, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
    }

    [Fact]
    public async Task A_keyword_search_reports_only_the_keyword_stage()
    {
        var backend = new FakeSearchBackend { KeywordResults = [Doc("a", 3)] };

        var spans = await TraceAsync(() => SearchPipeline.RunAsync(backend, new SearchRequest("q") { Mode = SearchMode.Keyword }, ReadOnlyMemory<float>.Empty));

        Assert.Equal("hybridsearch.keyword", Assert.Single(spans).OperationName);
    }

    [Fact]
    public async Task A_failing_stage_is_marked_as_an_error_with_the_exception_type()
    {
        var backend = new FailingVectorBackend();

        var spans = await TraceAsync(async () =>
        {
            await Assert.ThrowsAsync<TimeoutException>(() => SearchPipeline.RunAsync(
                backend, new SearchRequest("q") { Mode = SearchMode.Semantic }, new float[] { 1f }));
            return new SearchResults([]);
        });

        var vector = Assert.Single(spans);
        Assert.Equal(ActivityStatusCode.Error, vector.Status);
        Assert.Equal(typeof(TimeoutException).FullName, vector.GetTagItem("error.type"));
    }

    private async Task<List<Activity>> TraceAsync(Func<Task<SearchResults>> run)
    {
        using var parent = new Activity("test").Start();
        await run();
        parent.Stop();
        return [.. _stopped.Where(s => s.TraceId == parent.TraceId && s.ParentSpanId == parent.SpanId)];
    }

    private sealed class FailingVectorBackend : IRetrievalBackend
    {
        private readonly FakeSearchBackend _inner = new();

        public Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default) =>
            _inner.KeywordSearchAsync(query, cancellationToken);

        public Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default) =>
            Task.FromException<IReadOnlyList<RetrievedDocument>>(new TimeoutException("vector store too slow"));

        public Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
            _inner.GetPassageVectorsAsync(ids, cancellationToken);
    }
}
