using HybridSearch.Elasticsearch.Tests.Wire;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Tests;

public sealed class ServerRetrieverTests
{
    private static readonly float[] Query = [1f, 0f, 0f, 0f];

    [SkippableFact]
    public async Task Rrf_fusion_is_one_request_with_a_standard_and_a_knn_retriever()
    {
        var handler = TestBackend.Searching().Respond(200, SearchResponses.Hits(("d2", 0.032, null, "two", null), ("d1", 0.016, null, "one", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Hybrid = HybridExecution.ServerRetriever));

        var results = await backend.SearchAsync(new SearchRequest("cells")
        {
            K = 5,
            Fusion = new FusionOptions { Method = FusionMethod.ReciprocalRank, RankConstant = 20, Window = 50 },
        }, Query);

        var request = Assert.Single(handler.Requests);
        WireAssert.SameJson("""
            {"size": 5,
             "retriever": {"rrf": {
               "retrievers": [
                 {"standard": {"query": {"multi_match": {"query": "cells", "fields": ["title", "text"], "type": "best_fields", "tie_breaker": 0.5}}}},
                 {"knn": {"field": "vector", "query_vector": [1, 0, 0, 0], "k": 50, "num_candidates": 100}}],
               "rank_constant": 20,
               "rank_window_size": 50}},
             "_source": {"excludes": "vector"},
             "track_total_hits": false}
            """, request.Json);
        WireAssert.ValidRequest("post", "/{index}/_search", request.Json);
        Assert.Equal(["d2", "d1"], results.Hits.Select(h => h.Id));
        Assert.Equal(0.032, results.Hits[0].Score, 1e-12);
        Assert.Null(results.Hits[0].Keyword);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Linear_fusion_weights_min_max_normalised_retrievers_by_alpha()
    {
        var handler = TestBackend.Searching().Respond(200, SearchResponses.Hits(("d1", 0.9, null, "one", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Hybrid = HybridExecution.ServerRetriever));

        await backend.SearchAsync(new SearchRequest("cells")
        {
            K = 10,
            Filters = new Dictionary<string, string> { ["lang"] = "en" },
            Fusion = new FusionOptions { Method = FusionMethod.Linear, Alpha = 0.75, Window = 100 },
        }, Query);

        var body = handler.Requests[0].Json;
        WireAssert.SameJson("""
            {"size": 10,
             "retriever": {"linear": {
               "retrievers": [
                 {"retriever": {"standard": {"query": {"bool": {
                    "must": {"multi_match": {"query": "cells", "fields": ["title", "text"], "type": "best_fields", "tie_breaker": 0.5}},
                    "filter": {"term": {"metadata.lang": {"value": "en"}}}}}}},
                  "weight": 0.25, "normalizer": "minmax"},
                 {"retriever": {"knn": {"field": "vector", "query_vector": [1, 0, 0, 0], "k": 100, "num_candidates": 100,
                                        "filter": {"term": {"metadata.lang": {"value": "en"}}}}},
                  "weight": 0.75, "normalizer": "minmax"}],
               "rank_window_size": 100}},
             "_source": {"excludes": "vector"},
             "track_total_hits": false}
            """, body);
        WireAssert.ValidRequest("post", "/{index}/_search", body);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Rescored_hybrid_search_stays_on_the_client_path()
    {
        var handler = TestBackend.Searching()
            .Route(r => r.Body!.Contains("\"ids\"", StringComparison.Ordinal), 200, SearchResponses.Hits(
                [("d1", 1.0, null, "one", null)], _ => new System.Text.Json.Nodes.JsonObject { ["vector"] = System.Text.Json.Nodes.JsonNode.Parse("[1, 0, 0, 0]") }))
            .Route(r => r.Body!.Contains("\"knn\"", StringComparison.Ordinal), 200, SearchResponses.Hits(("d1", 0.9, null, "one", null)))
            .Route(r => r.Body!.Contains("multi_match", StringComparison.Ordinal), 200, SearchResponses.Hits(("d1", 3.0, null, "one", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Hybrid = HybridExecution.ServerRetriever));

        var results = await backend.SearchAsync(new SearchRequest("cells") { Rescore = true }, Query);

        // keyword, kNN, stored vectors for rescoring, then the fields of the one hit.
        Assert.Equal(4, handler.Requests.Count);
        Assert.DoesNotContain(handler.Requests, r => r.Body!.Contains("retriever", StringComparison.Ordinal));
        Assert.Equal(1.0, Assert.Single(results.Hits).Semantic!.Value.Score, 1e-6);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Linear_fusion_with_z_scores_is_fused_in_csharp_since_no_retriever_normaliser_computes_them()
    {
        // The linear retriever's l2_norm is another function; sending it would silently change the ranking.
        var handler = TestBackend.Searching()
            .Route(r => r.Body!.Contains("\"knn\"", StringComparison.Ordinal), 200, SearchResponses.Hits(("d1", 0.9, null, "one", null)))
            .Route(r => r.Body!.Contains("multi_match", StringComparison.Ordinal), 200, SearchResponses.Hits(("d1", 3.0, null, "one", null)))
            .Route(r => r.Body!.Contains("\"ids\"", StringComparison.Ordinal), 200, SearchResponses.Hits(("d1", 1.0, null, "one", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Hybrid = HybridExecution.ServerRetriever));

        var results = await backend.SearchAsync(new SearchRequest("cells")
        {
            Fusion = new FusionOptions { Method = FusionMethod.Linear, Normalization = ScoreNormalization.ZScore },
        }, Query);

        Assert.Equal(3, handler.Requests.Count);
        Assert.DoesNotContain(handler.Requests, r => r.Body!.Contains("retriever", StringComparison.Ordinal));
        Assert.Equal("d1", Assert.Single(results.Hits).Id);
    }

    [SkippableFact]
    public async Task A_basic_licence_refusing_the_retriever_is_one_error_saying_to_fuse_in_csharp()
    {
        var handler = TestBackend.Searching().Respond(403, """
            {"error": {"root_cause": [{"type": "security_exception", "reason": "current license is non-compliant for [rrf]", "license.expired.feature": "rrf"}],
                       "type": "security_exception", "reason": "current license is non-compliant for [rrf]", "license.expired.feature": "rrf"}, "status": 403}
            """);
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Hybrid = HybridExecution.ServerRetriever));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => backend.SearchAsync(
            new SearchRequest("cells") { Fusion = new FusionOptions { Method = FusionMethod.ReciprocalRank } }, Query));

        Assert.Single(handler.Requests);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("non-compliant for [rrf]", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hybrid to Client", error.Message, StringComparison.Ordinal);
    }
}
