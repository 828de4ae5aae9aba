using HybridSearch.Elasticsearch.Tests.Wire;
using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Tests;

public sealed class IndexManagementTests
{
    private const string Created = """{"acknowledged": true, "shards_acknowledged": true, "index": "docs-v1"}""";

    [SkippableFact]
    public async Task A_missing_index_is_created_versioned_behind_an_alias_with_the_encoder_in_meta()
    {
        var handler = new RecordingHandler()
            .Respond(404, "")
            .Respond(200, Created)
            .Respond(200, TestBackend.MappingResponse(TestBackend.Encoder));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.VectorIndex = VectorIndexType.Int8Hnsw));

        await backend.EnsureIndexAsync(TestBackend.Encoder);

        Assert.Equal(["HEAD /docs", "PUT /docs-v1", "GET /docs/_mapping"], handler.Requests.Select(r => $"{r.Method} {r.Path}"));
        var body = handler.Requests[1].Json;
        WireAssert.SameJson("""
            {
              "settings": {"index": {"similarity": {"default": {"type": "BM25", "k1": 0.9, "b": 0.4}}}},
              "mappings": {
                "_meta": {
                  "encoder": {"model": "minilm", "sha256": "SHA", "dimensions": 4},
                  "layout": {"schema_version": 2, "passages": "single"}
                },
                "dynamic": "strict",
                "properties": {
                  "id": {"type": "keyword"},
                  "title": {"type": "text", "analyzer": "english", "copy_to": "content"},
                  "text": {"type": "text", "analyzer": "english", "copy_to": "content"},
                  "content": {"type": "text", "analyzer": "english"},
                  "content_hash": {"type": "keyword"},
                  "metadata": {"type": "flattened"},
                  "vector": {"type": "dense_vector", "dims": 4, "similarity": "dot_product", "index": true,
                             "index_options": {"type": "int8_hnsw", "m": 16, "ef_construction": 100}}
                }
              },
              "aliases": {"docs": {"is_write_index": true}}
            }
            """.Replace("SHA", TestBackend.Encoder.Sha256, StringComparison.Ordinal), body);
        WireAssert.ValidRequest("put", "/{index}", body);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableTheory]
    [InlineData(VectorIndexType.Hnsw, """{"type": "hnsw", "m": 32, "ef_construction": 200}""")]
    [InlineData(VectorIndexType.BbqHnsw, """{"type": "bbq_hnsw", "m": 32, "ef_construction": 200}""")]
    [InlineData(VectorIndexType.Flat, """{"type": "flat"}""")]
    public async Task Index_options_follow_the_configured_vector_index(VectorIndexType type, string expected)
    {
        var handler = new RecordingHandler().Respond(404, "").Respond(200, Created).Respond(200, TestBackend.MappingResponse(TestBackend.Encoder));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o =>
        {
            o.VectorIndex = type;
            o.HnswM = 32;
            o.HnswEfConstruction = 200;
        }));

        await backend.EnsureIndexAsync(TestBackend.Encoder);

        var body = handler.Requests[1].Json;
        WireAssert.SameJson(expected, body.GetProperty("mappings").GetProperty("properties").GetProperty("vector").GetProperty("index_options"));
        WireAssert.ValidRequest("put", "/{index}", body);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task The_nested_layout_maps_passages_with_offsets_and_a_nested_dense_vector()
    {
        var handler = new RecordingHandler().Respond(404, "").Respond(200, Created).Respond(200, TestBackend.MappingResponse(TestBackend.Encoder, nested: true));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.NestedPassages = true));

        await backend.EnsureIndexAsync(TestBackend.Encoder);

        var body = handler.Requests[1].Json;
        WireAssert.SameJson("""
            {"type": "nested", "properties": {
              "start": {"type": "integer"}, "length": {"type": "integer"},
              "vector": {"type": "dense_vector", "dims": 4, "similarity": "dot_product", "index": true,
                         "index_options": {"type": "hnsw", "m": 16, "ef_construction": 100}}}}
            """, body.GetProperty("mappings").GetProperty("properties").GetProperty("passages"));
        Assert.Equal("nested", body.GetProperty("mappings").GetProperty("_meta").GetProperty("layout").GetProperty("passages").GetString());
        WireAssert.ValidRequest("put", "/{index}", body);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task An_existing_index_built_by_the_same_encoder_is_accepted_without_writing()
    {
        var handler = new RecordingHandler().Respond(200, "").Respond(200, TestBackend.MappingResponse(TestBackend.Encoder));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        await backend.EnsureIndexAsync(TestBackend.Encoder);

        Assert.Equal(["HEAD /docs", "GET /docs/_mapping"], handler.Requests.Select(r => $"{r.Method} {r.Path}"));

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task An_index_built_by_another_model_is_refused()
    {
        var other = new EncoderIdentity("arctic-xs", "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", 4);
        var handler = new RecordingHandler().Respond(200, "").Respond(200, TestBackend.MappingResponse(other));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var error = await Assert.ThrowsAsync<IncompatibleEncoderException>(() => backend.EnsureIndexAsync(TestBackend.Encoder));

        Assert.Equal("arctic-xs", error.IndexEncoder.Model);
        Assert.Contains("docs-v1", error.Message, StringComparison.Ordinal);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task An_index_with_other_dimensions_is_refused()
    {
        var handler = new RecordingHandler().Respond(200, "").Respond(200, TestBackend.MappingResponse(TestBackend.Encoder with { Dimensions = 8 }));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var error = await Assert.ThrowsAsync<IncompatibleEncoderException>(() => backend.EnsureIndexAsync(TestBackend.Encoder));

        Assert.Equal(8, error.IndexEncoder.Dimensions);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task A_layout_mismatch_names_the_setting_to_change()
    {
        var handler = new RecordingHandler().Respond(200, "").Respond(200, TestBackend.MappingResponse(TestBackend.Encoder, nested: true));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.EnsureIndexAsync(TestBackend.Encoder));

        Assert.Contains("NestedPassages", error.Message, StringComparison.Ordinal);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Describe_reports_the_encoder_and_counts()
    {
        var handler = new RecordingHandler()
            .Respond(200, "")
            .Respond(200, TestBackend.MappingResponse(TestBackend.Encoder))
            .Respond(200, """{"count": 42, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0}}""");
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var description = await backend.DescribeAsync();

        Assert.Equal(new IndexDescription(TestBackend.Encoder, 42, 42), description);
        Assert.Equal("POST /docs/_count", $"{handler.Requests[2].Method} {handler.Requests[2].Path}");

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Describe_of_a_missing_index_reports_no_encoder()
    {
        var handler = new RecordingHandler().Respond(404, "");
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        Assert.Equal(new IndexDescription(null, 0, 0), await backend.DescribeAsync());

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Describe_of_a_nested_index_counts_passages_with_a_nested_aggregation()
    {
        var handler = new RecordingHandler()
            .Respond(200, "")
            .Respond(200, TestBackend.MappingResponse(TestBackend.Encoder, nested: true))
            .Respond(200, """{"count": 3, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0}}""")
            .Respond(200, """
                {"took": 1, "timed_out": false, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
                 "hits": {"total": {"value": 3, "relation": "eq"}, "max_score": null, "hits": []},
                 "aggregations": {"nested#passages": {"doc_count": 11}}}
                """);
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.NestedPassages = true));

        var description = await backend.DescribeAsync();

        Assert.Equal(new IndexDescription(TestBackend.Encoder, 3, 11), description);
        var search = handler.Requests[3];
        Assert.Contains("typed_keys=true", search.PathAndQuery, StringComparison.Ordinal);
        WireAssert.SameJson("""{"size": 0, "aggregations": {"passages": {"nested": {"path": "passages"}}}}""", search.Json);
        WireAssert.AllRequestsValid(handler);
    }
}
