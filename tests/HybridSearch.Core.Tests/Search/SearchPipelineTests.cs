using HybridSearch.Search;
using static HybridSearch.Core.Tests.Search.FakeSearchBackend;

namespace HybridSearch.Core.Tests.Search;

public sealed class SearchPipelineTests
{
    private static readonly float[] Query = [1, 0, 0, 0];
    private static readonly Dictionary<string, string> Filters = new() { ["lang"] = "en" };

    [Fact]
    public async Task Keyword_mode_asks_only_the_keyword_retriever_and_needs_no_vector()
    {
        var backend = new FakeSearchBackend { KeywordResults = [Doc("a", 7), Doc("b", 3), Doc("c", 1)] };
        var request = new SearchRequest("q") { Mode = SearchMode.Keyword, K = 2, Filters = Filters };

        var results = await SearchPipeline.RunAsync(backend, request, ReadOnlyMemory<float>.Empty);

        Assert.Equal(["a", "b"], results.Hits.Select(h => h.Id));
        Assert.Equal(new ComponentScore(3, 2), results.Hits[1].Keyword);
        Assert.Null(results.Hits[1].Semantic);
        Assert.Equal(7, results.Hits[0].Score);
        var query = Assert.Single(backend.KeywordQueries);
        Assert.Equal(("q", 2), (query.Text, query.K));
        Assert.Same(Filters, query.Filters);
        Assert.Empty(backend.VectorQueries);
    }

    [Fact]
    public async Task Semantic_mode_asks_only_the_vector_retriever_with_the_candidate_count()
    {
        var backend = new FakeSearchBackend { VectorResults = [Doc("a", 0.9), Doc("b", 0.5)] };
        var request = new SearchRequest("q") { Mode = SearchMode.Semantic, K = 5, Candidates = 50, Filters = Filters };

        var results = await SearchPipeline.RunAsync(backend, request, Query);

        Assert.Equal(["a", "b"], results.Hits.Select(h => h.Id));
        Assert.Equal(new ComponentScore(0.9, 1), results.Hits[0].Semantic);
        Assert.Null(results.Hits[0].Keyword);
        var query = Assert.Single(backend.VectorQueries);
        Assert.Equal((5, 50), (query.K, query.Candidates));
        Assert.Same(Filters, query.Filters);
        Assert.Equal(Query, query.Vector.ToArray());
        Assert.Empty(backend.KeywordQueries);
    }

    [Fact]
    public async Task Candidates_default_and_never_fall_below_k()
    {
        var backend = new FakeSearchBackend();
        await SearchPipeline.RunAsync(backend, new SearchRequest("q") { Mode = SearchMode.Semantic, K = 5 }, Query);
        await SearchPipeline.RunAsync(backend, new SearchRequest("q") { Mode = SearchMode.Semantic, K = 300, Candidates = 20 }, Query);

        Assert.Equal(SearchPipeline.DefaultCandidates, backend.VectorQueries[0].Candidates);
        Assert.Equal(300, backend.VectorQueries[1].Candidates);
    }

    [Fact]
    public async Task Hybrid_mode_asks_both_retrievers_for_the_fusion_window_and_fuses()
    {
        var backend = new FakeSearchBackend
        {
            KeywordResults = [Doc("a", 10), Doc("b", 6), Doc("c", 2)],
            VectorResults = [Doc("b", 0.9), Doc("d", 0.7), Doc("a", 0.5)],
        };
        var fusion = new FusionOptions { Method = FusionMethod.ReciprocalRank, Window = 30 };
        var request = new SearchRequest("q") { K = 3, Fusion = fusion, Filters = Filters };

        var results = await SearchPipeline.RunAsync(backend, request, Query);

        // RRF (k = 60): b 1/62 + 1/61, a 1/61 + 1/63, d 1/62, c 1/63.
        Assert.Equal(["b", "a", "d"], results.Hits.Select(h => h.Id));
        Assert.Equal(30, Assert.Single(backend.KeywordQueries).K);
        Assert.Equal(30, Assert.Single(backend.VectorQueries).K);
        Assert.Same(Filters, backend.KeywordQueries[0].Filters);
        Assert.Same(Filters, backend.VectorQueries[0].Filters);
    }

    [Fact]
    public async Task Rescoring_reorders_candidates_by_their_best_passages_exact_dot_product()
    {
        var backend = new FakeSearchBackend
        {
            // The approximate retriever's order: a, b, c.
            VectorResults = [Doc("a", 0.9), Doc("b", 0.8), Doc("c", 0.7), Doc("gone", 0.6)],
        };
        // Exact: a 0.5; b max(0.2, 0.6) = 0.6 at passage 1; c max(0.95, 0.1, 0.3) = 0.95 at passage 0; "gone" was deleted.
        backend.StoredPassages["a"] = [[0.5f, 0.5f, 0, 0]];
        backend.StoredPassages["b"] = [[0.2f, 0, 0, 0], [0.6f, 0, 0.8f, 0]];
        backend.StoredPassages["c"] = [[0.95f, 0, 0, 0], [0.1f, 0, 0, 0], [0.3f, 0, 0, 0]];
        var request = new SearchRequest("q") { Mode = SearchMode.Semantic, K = 3, Candidates = 10, Rescore = true };

        var results = await SearchPipeline.RunAsync(backend, request, Query);

        Assert.Equal(["c", "b", "a"], results.Hits.Select(h => h.Id));
        Assert.Equal([0.95, 0.6, 0.5], results.Hits.Select(h => Math.Round(h.Score, 6)));
        Assert.Equal(new ComponentScore(results.Hits[1].Score, 2), results.Hits[1].Semantic);
        // Rescoring widens the vector query to every candidate.
        Assert.Equal(10, Assert.Single(backend.VectorQueries).K);
        Assert.Equal(["a", "b", "c", "gone"], Assert.Single(backend.PassageRequests));
    }

    [Fact]
    public async Task Rescoring_records_the_best_passage_and_keeps_the_retrievers_order_on_ties()
    {
        var backend = new FakeSearchBackend();
        backend.StoredPassages["x"] = [[0.5f, 0, 0, 0]];
        backend.StoredPassages["y"] = [[0.1f, 0, 0, 0], [0.5f, 0, 0, 0]];
        var rescored = await SearchPipeline.RescoreAsync(backend, [Doc("y", 0.1), Doc("x", 0.9)], Query, 2, default);

        Assert.Equal(["y", "x"], rescored.Select(d => d.Id));
        Assert.Equal(1, rescored[0].BestPassage);
        Assert.Equal(0, rescored[1].BestPassage);
    }

    [Fact]
    public async Task Rescoring_refuses_stored_vectors_of_another_size()
    {
        var backend = new FakeSearchBackend { VectorResults = [Doc("a", 0.9)] };
        backend.StoredPassages["a"] = [[1f, 0f]];
        var request = new SearchRequest("q") { Mode = SearchMode.Semantic, Rescore = true };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SearchPipeline.RunAsync(backend, request, Query));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hybrid_rescoring_fuses_the_rescored_semantic_list()
    {
        var backend = new FakeSearchBackend
        {
            KeywordResults = [Doc("k", 5)],
            VectorResults = [Doc("a", 0.9), Doc("b", 0.8)],
        };
        backend.StoredPassages["a"] = [[0.1f, 0, 0, 0]];
        backend.StoredPassages["b"] = [[0.7f, 0, 0, 0]];
        var fusion = new FusionOptions { Method = FusionMethod.ReciprocalRank };
        var request = new SearchRequest("q") { K = 3, Rescore = true, Fusion = fusion };

        var results = await SearchPipeline.RunAsync(backend, request, Query);

        // k and b both rank first in their lists (1/61); k was seen first. a is second (1/62).
        Assert.Equal(["k", "b", "a"], results.Hits.Select(h => h.Id));
        Assert.Equal(1, results.Hits[1].Semantic!.Value.Rank);
    }

    [Fact]
    public async Task Requests_are_validated()
    {
        var backend = new FakeSearchBackend();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => SearchPipeline.RunAsync(backend, new SearchRequest("q") { K = 0 }, Query));
        await Assert.ThrowsAsync<ArgumentException>(
            () => SearchPipeline.RunAsync(backend, new SearchRequest("q") { Mode = SearchMode.Hybrid }, ReadOnlyMemory<float>.Empty));
        await Assert.ThrowsAsync<ArgumentException>(
            () => SearchPipeline.RunAsync(backend, new SearchRequest("q") { Mode = SearchMode.Semantic }, ReadOnlyMemory<float>.Empty));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => SearchPipeline.RunAsync(backend, new SearchRequest("q") { Fusion = new FusionOptions { Alpha = 2 } }, Query));
        Assert.Empty(backend.KeywordQueries);
        Assert.Empty(backend.VectorQueries);
    }
}
