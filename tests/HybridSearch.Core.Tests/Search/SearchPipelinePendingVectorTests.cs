using HybridSearch.Search;
using static HybridSearch.Core.Tests.Search.FakeSearchBackend;

namespace HybridSearch.Core.Tests.Search;

/// <summary>
/// A hybrid search whose query vector is still being computed: keyword retrieval must not wait for it, and a vector that
/// never comes must fail the search without leaving the keyword side's outcome unobserved.
/// </summary>
public sealed class SearchPipelinePendingVectorTests
{
    private static readonly float[] Query = [1f, 0f];

    [Fact]
    public async Task Keyword_retrieval_runs_before_the_query_vector_is_ready()
    {
        var backend = new FakeSearchBackend { KeywordResults = [Doc("k", 2)], VectorResults = [Doc("v", 0.9)] };
        var vector = new TaskCompletionSource<ReadOnlyMemory<float>>(TaskCreationOptions.RunContinuationsAsynchronously);

        var search = SearchPipeline.RunAsync(backend, new SearchRequest("q"), vector.Task);

        Assert.Single(backend.KeywordQueries);
        Assert.Empty(backend.VectorQueries);
        Assert.False(search.IsCompleted);
        vector.SetResult(Query);
        var results = await search;
        Assert.Equal(Query, Assert.Single(backend.VectorQueries).Vector.ToArray());
        Assert.Equal(["k", "v"], results.Hits.Select(h => h.Id).Order());
    }

    [Fact]
    public async Task A_pending_vector_ranks_exactly_like_a_ready_one()
    {
        var backend = new FakeSearchBackend
        {
            KeywordResults = [Doc("a", 3), Doc("b", 2), Doc("c", 1)],
            VectorResults = [Doc("c", 0.9), Doc("a", 0.5), Doc("d", 0.1)],
        };
        var request = new SearchRequest("q") { K = 3 };

        var ready = await SearchPipeline.RunAsync(backend, request, (ReadOnlyMemory<float>)Query);
        var pending = await SearchPipeline.RunAsync(backend, request, Task.FromResult((ReadOnlyMemory<float>)Query));

        Assert.Equal(ready.Hits.Select(h => (h.Id, h.Score, h.Keyword, h.Semantic)), pending.Hits.Select(h => (h.Id, h.Score, h.Keyword, h.Semantic)));
    }

    [Fact]
    public async Task A_failed_encoding_fails_the_search_with_the_encoders_exception()
    {
        var backend = new FakeSearchBackend { KeywordResults = [Doc("k", 2)] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SearchPipeline.RunAsync(
            backend, new SearchRequest("q"), Task.FromException<ReadOnlyMemory<float>>(new InvalidOperationException("model crashed"))));

        Assert.Equal("model crashed", error.Message);
        Assert.Empty(backend.VectorQueries);
    }

    [Fact]
    public async Task When_both_sides_fail_both_failures_are_reported()
    {
        var backend = new FakeSearchBackend { KeywordFailure = new IOException("index unreadable") };

        var error = await Assert.ThrowsAsync<AggregateException>(() => SearchPipeline.RunAsync(
            backend, new SearchRequest("q"), Task.FromException<ReadOnlyMemory<float>>(new InvalidOperationException("model crashed"))));

        Assert.Collection(
            error.InnerExceptions,
            e => Assert.Equal("model crashed", Assert.IsType<InvalidOperationException>(e).Message),
            e => Assert.Equal("index unreadable", Assert.IsType<IOException>(e).Message));
    }

    [Fact]
    public async Task A_cancelled_encoding_surfaces_as_cancellation_even_if_keyword_retrieval_failed()
    {
        var backend = new FakeSearchBackend { KeywordFailure = new IOException("index unreadable") };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SearchPipeline.RunAsync(
            backend, new SearchRequest("q"), Task.FromCanceled<ReadOnlyMemory<float>>(new CancellationToken(canceled: true))));
    }

    [Fact]
    public async Task An_empty_vector_for_a_hybrid_search_is_refused()
    {
        var backend = new FakeSearchBackend();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SearchPipeline.RunAsync(
            backend, new SearchRequest("q"), Task.FromResult(ReadOnlyMemory<float>.Empty)));

        Assert.Contains("needs a query vector", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keyword_search_never_waits_for_a_vector()
    {
        var backend = new FakeSearchBackend { KeywordResults = [Doc("k", 2)] };
        var never = new TaskCompletionSource<ReadOnlyMemory<float>>();

        var results = await SearchPipeline.RunAsync(backend, new SearchRequest("q") { Mode = SearchMode.Keyword }, never.Task);

        Assert.Equal("k", Assert.Single(results.Hits).Id);
    }
}
