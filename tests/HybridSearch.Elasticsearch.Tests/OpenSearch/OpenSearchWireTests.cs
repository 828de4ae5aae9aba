using HybridSearch.Elasticsearch.Tests.Wire;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Tests.OpenSearch;

/// <summary>OpenSearch over raw HTTP: bodies as the OpenSearch 2.x k-NN plugin and REST reference document them.</summary>
public sealed class OpenSearchWireTests
{
    private static readonly float[] Query = [1f, 0f, 0f, 0f];

    private static ElasticsearchBackendOptions Options(Action<ElasticsearchBackendOptions>? configure = null) => TestBackend.Options(o =>
    {
        o.Engine = SearchEngine.OpenSearch;
        configure?.Invoke(o);
    });

    private static string Mapping(bool nested = false) => TestBackend.MappingResponse(TestBackend.Encoder, nested, "dimension")
        .Replace("dense_vector", "knn_vector", StringComparison.Ordinal);

    [Fact]
    public async Task Index_creation_maps_a_knn_vector_with_inner_product_hnsw_and_enables_knn()
    {
        var handler = new RecordingHandler()
            .Respond(404, """{"error": {"type": "index_not_found_exception"}, "status": 404}""")
            .Respond(200, """{"acknowledged": true, "shards_acknowledged": true, "index": "docs-v1"}""")
            .Respond(200, Mapping());
        using var backend = TestBackend.Create(handler, Options(o => o.HnswM = 24));

        await backend.EnsureIndexAsync(TestBackend.Encoder);

        Assert.Equal(["HEAD /docs", "PUT /docs-v1", "GET /docs/_mapping"], handler.Requests.Select(r => $"{r.Method} {r.Path}"));
        var body = handler.Requests[1].Json;
        WireAssert.SameJson("""
            {"type": "knn_vector", "dimension": 4,
             "method": {"name": "hnsw", "engine": "lucene", "space_type": "innerproduct", "parameters": {"m": 24, "ef_construction": 100}}}
            """, body.GetProperty("mappings").GetProperty("properties").GetProperty("vector"));
        Assert.True(body.GetProperty("settings").GetProperty("index").GetProperty("knn").GetBoolean());
        Assert.Equal("docs", body.GetProperty("aliases").EnumerateObject().Single().Name);
    }

    [Fact]
    public async Task An_index_of_another_encoder_is_refused()
    {
        var handler = new RecordingHandler().Respond(200, "").Respond(200, Mapping());
        using var backend = TestBackend.Create(handler, Options());

        await Assert.ThrowsAsync<IncompatibleEncoderException>(() => backend.EnsureIndexAsync(TestBackend.Encoder with { Sha256 = "ffff" }));
    }

    [Fact]
    public async Task Bulk_sends_ndjson_and_resends_only_rejected_items()
    {
        var handler = new RecordingHandler()
            .Respond(200, Mapping())
            .Respond(200, BulkResponses.Items(("index", "d1", 201, null, null), ("index", "d2", 429, "rejected_execution_exception", "queue full")))
            .Respond(200, BulkResponses.Created("d2"));
        using var backend = TestBackend.Create(handler, Options());

        var result = await backend.UpsertAsync([
            TestBackend.Document("d1", "one", "T", [0.5f, 0.25f, 0f, -1f]), TestBackend.Document("d2", "two", null, [1f, 0f, 0f, 0f])]);

        Assert.Equal(2, result.Written);
        Assert.Empty(result.Rejected);
        var first = handler.Requests[1];
        Assert.Equal("POST /docs/_bulk", $"{first.Method} {first.Path}");
        Assert.Equal("application/x-ndjson", first.ContentType);
        Assert.EndsWith("\n", first.Body, StringComparison.Ordinal);
        var lines = first.Lines;
        WireAssert.SameJson("""{"index": {"_id": "d1"}}""", lines[0]);
        WireAssert.SameJson("""
            {"id": "d1", "title": "T", "text": "one", "content_hash": "hash-d1", "metadata": {"lang": "en"}, "vector": [0.5, 0.25, 0, -1]}
            """, lines[1]);
        var resent = handler.Requests[2].Lines;
        Assert.Equal(2, resent.Count);
        WireAssert.SameJson("""{"index": {"_id": "d2"}}""", resent[0]);
    }

    [Fact]
    public async Task Knn_query_prefilters_and_scores_convert_back_to_dot_products()
    {
        // Lucene inner product scores dot + 1 when dot >= 0, else 1 / (1 - dot): 1.8 is 0.8 and 0.5 is -1. The knn k carries the
        // 100 candidates (the graph search explores k), and size keeps the 2 asked for.
        var handler = TestBackend.Searching(dimsKey: "dimension").Respond(200, SearchResponses.Hits(("d1", 1.8, null, "one", null), ("d2", 0.5, null, "two", null)));
        using var backend = TestBackend.Create(handler, Options());

        var hits = await backend.VectorSearchAsync(new VectorQuery(Query, 2, 100, new Dictionary<string, string> { ["lang"] = "en" }));

        WireAssert.SameJson("""
            {"size": 2,
             "query": {"knn": {"vector": {"vector": [1, 0, 0, 0], "k": 100,
                                          "filter": {"bool": {"filter": [{"term": {"metadata.lang": "en"}}]}}}}},
             "_source": {"excludes": ["vector"]}}
            """, handler.Requests[0].Json);
        Assert.Equal(0.8, hits[0].Score, 1e-12);
        Assert.Equal(-1, hits[1].Score, 1e-12);
    }

    [Fact]
    public async Task Nested_knn_scores_documents_by_their_best_passage()
    {
        var handler = TestBackend.Searching(nested: true, dimsKey: "dimension").Respond(200, SearchResponses.Hits(
            [("d1", 1.5, null, "0123456789", 1)],
            _ => new System.Text.Json.Nodes.JsonObject { ["passages"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"start": 0, "length": 5}, {"start": 5, "length": 5}]""") }));
        using var backend = TestBackend.Create(handler, Options());

        var hit = Assert.Single(await backend.VectorSearchAsync(new VectorQuery(Query, 3, 100, new Dictionary<string, string>())));

        WireAssert.SameJson("""
            {"size": 3,
             "query": {"nested": {"path": "passages", "score_mode": "max",
                                  "query": {"knn": {"passages.vector": {"vector": [1, 0, 0, 0], "k": 100}}},
                                  "inner_hits": {"size": 1, "_source": false}}},
             "_source": {"excludes": ["passages.vector"]}}
            """, handler.Requests[0].Json);
        Assert.Equal(1, hit.BestPassage);
        Assert.Equal("56789", hit.Passage);
        Assert.Equal(0.5, hit.Score, 1e-12);
    }

    [Fact]
    public async Task Keyword_search_uses_the_same_multi_match_as_elasticsearch()
    {
        var handler = TestBackend.Searching(dimsKey: "dimension").Respond(200, SearchResponses.Hits(("d1", 4.5, "T", "one", null)));
        using var backend = TestBackend.Create(handler, Options());

        var hits = await backend.KeywordSearchAsync(new KeywordQuery("cells", 10, new Dictionary<string, string>()));

        WireAssert.SameJson("""
            {"size": 10,
             "query": {"multi_match": {"query": "cells", "fields": ["title", "text"], "type": "best_fields", "tie_breaker": 0.5}},
             "_source": {"excludes": ["vector"]}}
            """, handler.Requests[0].Json);
        Assert.Equal(4.5, Assert.Single(hits).Score);
    }

    [Fact]
    public async Task Stored_vectors_are_read_from_source_by_id()
    {
        var handler = TestBackend.Searching(dimsKey: "dimension").Respond(200, SearchResponses.Hits(
            [("d1", 1.0, null, "one", null)], _ => new System.Text.Json.Nodes.JsonObject { ["vector"] = System.Text.Json.Nodes.JsonNode.Parse("[0, 1, 0, 0]") }));
        using var backend = TestBackend.Create(handler, Options());

        var vectors = Assert.Single(await backend.GetPassageVectorsAsync(["d1"]));

        WireAssert.SameJson("""{"size": 1, "query": {"ids": {"values": ["d1"]}}, "_source": {"includes": ["vector"]}}""", handler.Requests[0].Json);
        Assert.Equal(new float[] { 0, 1, 0, 0 }, vectors.Vectors[0].ToArray());
    }

    [Fact]
    public async Task Describe_counts_documents_and_nested_passages()
    {
        var handler = new RecordingHandler()
            .Respond(200, "")
            .Respond(200, Mapping(nested: true))
            .Respond(200, """{"count": 2, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0}}""")
            .Respond(200, """{"took": 1, "hits": {"hits": []}, "aggregations": {"passages": {"doc_count": 5}}}""");
        using var backend = TestBackend.Create(handler, Options(o => o.NestedPassages = true));

        Assert.Equal(new IndexDescription(TestBackend.Encoder, 2, 5), await backend.DescribeAsync());
        WireAssert.SameJson("""{"size": 0, "aggs": {"passages": {"nested": {"path": "passages"}}}}""", handler.Requests[3].Json);
    }
}
