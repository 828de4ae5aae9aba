using HybridSearch.Elasticsearch.Tests.Wire;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Tests;

/// <summary>
/// Request bodies as the ES 9 search API reference documents them. Where a parameter takes "one or many" (a field list, a
/// bool clause, knn filters) the client writes a single entry in the documented single-value form, and so do these.
/// </summary>
public sealed class SearchRequestTests
{
    private static readonly Dictionary<string, string> NoFilters = [];
    private static readonly float[] Query = [1f, 0f, 0f, 0f];

    [SkippableFact]
    public async Task Keyword_search_sends_multi_match_over_title_and_text_without_vectors()
    {
        var handler = TestBackend.Searching().Respond(200, SearchResponses.Hits(
            ("d1", 7.5, "Mitosis", "Cells divide.", null), ("d2", 3.25, null, "Plain text.", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var hits = await backend.KeywordSearchAsync(new KeywordQuery("cell division", 10, NoFilters));

        var request = handler.Requests[0];
        Assert.Equal("POST /docs/_search", $"{request.Method} {request.Path}");
        WireAssert.SameJson("""
            {"size": 10,
             "query": {"multi_match": {"query": "cell division", "fields": ["title", "text"], "type": "best_fields", "tie_breaker": 0.5}},
             "_source": {"excludes": "vector"},
             "track_total_hits": false}
            """, request.Json);
        WireAssert.ValidRequest("post", "/{index}/_search", request.Json);
        Assert.Equal(["d1", "d2"], hits.Select(h => h.Id));
        Assert.Equal([7.5, 3.25], hits.Select(h => h.Score));
        Assert.Equal("Mitosis", hits[0].Title);
        Assert.Equal("Cells divide.", hits[0].Passage);
        Assert.Equal("en", hits[1].Metadata!["lang"]);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Keyword_filters_become_a_bool_filter_of_metadata_terms()
    {
        var handler = TestBackend.Searching().Respond(200, SearchResponses.Hits());
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        await backend.KeywordSearchAsync(new KeywordQuery("cells", 5, new Dictionary<string, string> { ["source"] = "pubmed", ["lang"] = "en" }));

        var body = handler.Requests[0].Json;
        WireAssert.SameJson("""
            {"bool": {
               "must": {"multi_match": {"query": "cells", "fields": ["title", "text"], "type": "best_fields", "tie_breaker": 0.5}},
               "filter": [{"term": {"metadata.lang": {"value": "en"}}}, {"term": {"metadata.source": {"value": "pubmed"}}}]}}
            """, body.GetProperty("query"));
        WireAssert.ValidRequest("post", "/{index}/_search", body);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Semantic_search_sends_top_level_knn_with_prefilters_and_reports_dot_products()
    {
        // dot_product on float vectors scores (1 + dot) / 2: 0.9 is a dot product of 0.8, 0.25 one of -0.5.
        var handler = TestBackend.Searching().Respond(200, SearchResponses.Hits(("d1", 0.9, null, "one", null), ("d2", 0.25, null, "two", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var hits = await backend.VectorSearchAsync(new VectorQuery(new float[] { 0.5f, 0.25f, 0f, -1f }, 3, 50,
            new Dictionary<string, string> { ["lang"] = "en" }));

        var body = handler.Requests[0].Json;
        WireAssert.SameJson("""
            {"size": 3,
             "knn": {"field": "vector", "query_vector": [0.5, 0.25, 0, -1], "k": 3, "num_candidates": 50,
                     "filter": {"term": {"metadata.lang": {"value": "en"}}}},
             "_source": {"excludes": "vector"},
             "track_total_hits": false}
            """, body);
        WireAssert.ValidRequest("post", "/{index}/_search", body);
        Assert.Equal(["d1", "d2"], hits.Select(h => h.Id));
        Assert.Equal(0.8, hits[0].Score, 1e-12);
        Assert.Equal(-0.5, hits[1].Score, 1e-12);
        Assert.Equal(0, hits[0].BestPassage);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Num_candidates_is_capped_at_ten_thousand()
    {
        var handler = TestBackend.Searching().Respond(200, SearchResponses.Hits());
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        await backend.VectorSearchAsync(new VectorQuery(Query, 10, 50_000, NoFilters));

        Assert.Equal(10_000, handler.Requests[0].Json.GetProperty("knn").GetProperty("num_candidates").GetInt32());

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableTheory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task The_index_mapping_decides_the_layout_a_search_queries_whatever_NestedPassages_says(bool indexNested, bool option)
    {
        // The README's flow: ingest creates the nested layout, search runs with the options' default. The mapping is read
        // once (recorded here), and every search after it queries the field the index really has.
        var handler = new RecordingHandler()
            .Respond(200, TestBackend.MappingResponse(TestBackend.Encoder, indexNested))
            .Respond(200, SearchResponses.Hits())
            .Respond(200, SearchResponses.Hits())
            .Respond(200, SearchResponses.Hits());
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.NestedPassages = option));

        await backend.VectorSearchAsync(new VectorQuery(Query, 5, 100, NoFilters));
        await backend.KeywordSearchAsync(new KeywordQuery("cells", 5, NoFilters));
        await backend.GetPassageVectorsAsync(["d1"]);

        Assert.Equal(["GET /docs/_mapping", "POST /docs/_search", "POST /docs/_search", "POST /docs/_search"],
            handler.Requests.Select(r => $"{r.Method} {r.Path}"));
        var vectorField = indexNested ? "passages.vector" : "vector";
        var knn = handler.Requests[1].Json;
        Assert.Equal(vectorField, knn.GetProperty("knn").GetProperty("field").GetString());
        Assert.Equal(indexNested, knn.GetProperty("knn").TryGetProperty("inner_hits", out _));
        Assert.Equal(vectorField, knn.GetProperty("_source").GetProperty("excludes").GetString());
        Assert.Equal(vectorField, handler.Requests[2].Json.GetProperty("_source").GetProperty("excludes").GetString());
        Assert.Equal(indexNested ? "passages" : "vector", handler.Requests[3].Json.GetProperty("_source").GetProperty("includes").GetString());

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch)]
    [InlineData(SearchEngine.OpenSearch)]
    public async Task Metadata_of_any_json_type_reads_back_as_text_instead_of_failing_the_search(SearchEngine engine)
    {
        // An index written by another tool, or a flattened field keeping the source as sent, may hold any JSON value.
        var handler = TestBackend.Searching(dimsKey: engine == SearchEngine.OpenSearch ? "dimension" : "dims").Respond(200, SearchResponses.Hits(
            [("d1", 2.0, null, "one", null)],
            _ => new System.Text.Json.Nodes.JsonObject
            {
                ["metadata"] = System.Text.Json.Nodes.JsonNode.Parse(
                    """{"lang": "en", "year": 2020, "score": -1.5e3, "open": true, "gone": null, "tags": ["a", "b"], "src": {"db": "pubmed"}}"""),
            }));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Engine = engine));

        var hit = Assert.Single(await backend.KeywordSearchAsync(new KeywordQuery("cells", 5, NoFilters)));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["lang"] = "en", ["year"] = "2020", ["score"] = "-1.5e3", ["open"] = "true", ["tags"] = """["a","b"]""",
                ["src"] = """{"db":"pubmed"}""",
            },
            hit.Metadata!.OrderBy(p => p.Key).ToDictionary());
    }

    [SkippableFact]
    public async Task A_search_of_an_index_that_does_not_exist_fails_naming_it_before_any_query_is_sent()
    {
        var handler = new RecordingHandler().Respond(404, """
            {"error": {"type": "index_not_found_exception", "reason": "no such index [docs]", "index": "docs"}, "status": 404}
            """);
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => backend.VectorSearchAsync(new VectorQuery(Query, 5, 100, NoFilters)));

        Assert.Contains("'docs' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal("GET /docs/_mapping", Assert.Single(handler.Requests) is var r ? $"{r.Method} {r.Path}" : null);
    }

    [SkippableFact]
    public async Task Nested_semantic_search_asks_for_the_best_passage_and_returns_its_text()
    {
        var handler = TestBackend.Searching(nested: true).Respond(200, SearchResponses.Hits(
            [("d1", 0.75, "Title", "0123456789", 1)],
            _ => new System.Text.Json.Nodes.JsonObject
            {
                ["passages"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"start": 0, "length": 6}, {"start": 6, "length": 10}]"""),
            }));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var hits = await backend.VectorSearchAsync(new VectorQuery(Query, 5, 100, NoFilters));

        var body = handler.Requests[0].Json;
        WireAssert.SameJson("""
            {"size": 5,
             "knn": {"field": "passages.vector", "query_vector": [1, 0, 0, 0], "k": 5, "num_candidates": 100,
                     "inner_hits": {"size": 1, "_source": false}},
             "_source": {"excludes": "passages.vector"},
             "track_total_hits": false}
            """, body);
        WireAssert.ValidRequest("post", "/{index}/_search", body);
        var hit = Assert.Single(hits);
        Assert.Equal(1, hit.BestPassage);
        Assert.Equal("0123456789", hit.Passage);
        Assert.Equal(0.5, hit.Score, 1e-12);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Hybrid_runs_by_default_as_a_keyword_and_a_knn_request_fused_in_csharp()
    {
        var handler = TestBackend.Searching()
            .Route(r => r.Body!.Contains("\"knn\"", StringComparison.Ordinal), 200,
                SearchResponses.Hits(("d2", 0.95, null, "two", null), ("d3", 0.9, null, "three", null)))
            .Route(r => r.Body!.Contains("multi_match", StringComparison.Ordinal), 200,
                SearchResponses.Hits(("d1", 9.0, null, "one", null), ("d2", 8.0, null, "two", null)))
            .Route(r => r.Body!.Contains("\"ids\"", StringComparison.Ordinal), 200,
                SearchResponses.Hits(("d2", 1.0, "Two", "two", null), ("d1", 1.0, "One", "one", null), ("d3", 1.0, null, "three", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var results = await backend.SearchAsync(
            new SearchRequest("cells") { K = 3, Fusion = new FusionOptions { Method = FusionMethod.ReciprocalRank } }, Query);

        // Each retriever returns the fusion window (100 by default) so that fusion sees the same lists as the embedded index,
        // as ids and scores only; one more request fetches the fields of the 3 hits shown.
        Assert.Equal(3, handler.Requests.Count);
        var keyword = handler.Requests.Single(r => r.Body!.Contains("multi_match", StringComparison.Ordinal));
        var knn = handler.Requests.Single(r => r.Body!.Contains("\"knn\"", StringComparison.Ordinal));
        WireAssert.SameJson("""
            {"size": 100,
             "query": {"multi_match": {"query": "cells", "fields": ["title", "text"], "type": "best_fields", "tie_breaker": 0.5}},
             "_source": false,
             "track_total_hits": false}
            """, keyword.Json);
        WireAssert.SameJson("""
            {"size": 100,
             "knn": {"field": "vector", "query_vector": [1, 0, 0, 0], "k": 100, "num_candidates": 100},
             "_source": false,
             "track_total_hits": false}
            """, knn.Json);
        WireAssert.SameJson("""
            {"size": 3,
             "query": {"ids": {"values": ["d2", "d1", "d3"]}},
             "_source": {"excludes": "vector"},
             "track_total_hits": false}
            """, handler.Requests[2].Json);

        // d2 is found by both retrievers, so RRF ranks it first.
        Assert.Equal("d2", results.Hits[0].Id);
        Assert.Equal(new ComponentScore(8.0, 2), results.Hits[0].Keyword);
        Assert.Equal(1, results.Hits[0].Semantic!.Value.Rank);
        Assert.Equal(3, results.Hits.Count);
        Assert.Equal(["Two", "One", null], results.Hits.Select(h => h.Title));
        Assert.Equal(["two", "one", "three"], results.Hits.Select(h => h.Passage));
        Assert.Equal("en", results.Hits[2].Metadata["lang"]);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch)]
    [InlineData(SearchEngine.OpenSearch)]
    public async Task Without_fields_a_search_sends_only_its_candidate_requests_and_no_document_text(SearchEngine engine)
    {
        var handler = Searching(engine)
            .Route(r => r.Body!.Contains("knn", StringComparison.Ordinal), 200, SearchResponses.Hits(("d2", 0.95, null, "two", null)))
            .Route(r => r.Body!.Contains("multi_match", StringComparison.Ordinal), 200, SearchResponses.Hits(("d1", 9.0, null, "one", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Engine = engine));

        var results = await backend.SearchAsync(new SearchRequest("cells") { K = 2, IncludeFields = false }, Query);

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(System.Text.Json.JsonValueKind.False, r.Json.GetProperty("_source").ValueKind));
        Assert.Equal(2, results.Hits.Count);
    }

    [SkippableFact]
    public async Task A_nested_hit_shows_the_passage_the_knn_inner_hit_chose_from_the_one_fields_request()
    {
        var handler = TestBackend.Searching(nested: true)
            .Respond(200, SearchResponses.Hits(("d1", 0.75, null, "ignored", 1)))
            .Respond(200, SearchResponses.Hits(
                [("d1", 1.0, "Title", "0123456789", null)],
                _ => new System.Text.Json.Nodes.JsonObject
                {
                    ["passages"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"start": 0, "length": 6}, {"start": 6, "length": 10}]"""),
                }));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var results = await backend.SearchAsync(new SearchRequest("q") { Mode = SearchMode.Semantic, K = 1 }, Query);

        Assert.Equal(System.Text.Json.JsonValueKind.False, handler.Requests[0].Json.GetProperty("_source").ValueKind);
        Assert.Equal("passages.vector", handler.Requests[1].Json.GetProperty("_source").GetProperty("excludes").GetString());
        var hit = Assert.Single(results.Hits);
        Assert.Equal("Title", hit.Title);
        Assert.Equal("0123456789", hit.Passage); // "Title " is 6 characters: passage 1 is the text
        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Rescoring_fetches_float_vectors_by_id_and_reranks_by_exact_dot_product()
    {
        // The quantised kNN put d1 first; the stored float vectors say d3 is closest to the query.
        var handler = TestBackend.Searching()
            .Respond(200, SearchResponses.Hits(("d1", 0.95, null, "one", null), ("d2", 0.9, null, "two", null), ("d3", 0.85, null, "three", null)))
            .Respond(200, SearchResponses.Hits(
                [("d1", 1.0, null, "one", null), ("d2", 1.0, null, "two", null), ("d3", 1.0, null, "three", null)],
                id => new System.Text.Json.Nodes.JsonObject
                {
                    ["vector"] = System.Text.Json.Nodes.JsonNode.Parse(id switch
                    {
                        "d1" => SearchResponses.Vector(0.5f, 0.5f, 0.5f, 0.5f),
                        "d2" => SearchResponses.Vector(0f, 1f, 0f, 0f),
                        _ => SearchResponses.Vector(0.75f, 0f, 0f, 0.25f),
                    }),
                }));
        handler.Respond(200, SearchResponses.Hits(("d3", 1.0, "Three", "three", null), ("d1", 1.0, "One", "one", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.VectorIndex = VectorIndexType.BbqHnsw));

        var results = await backend.SearchAsync(new SearchRequest("q") { Mode = SearchMode.Semantic, K = 2, Candidates = 3, Rescore = true }, Query);

        var knn = handler.Requests[0].Json;
        Assert.Equal(3, knn.GetProperty("knn").GetProperty("k").GetInt32());
        var fetch = handler.Requests[1].Json;
        WireAssert.SameJson("""
            {"size": 3,
             "query": {"ids": {"values": ["d1", "d2", "d3"]}},
             "_source": {"includes": "vector", "exclude_vectors": false},
             "track_total_hits": false}
            """, fetch);
        WireAssert.ValidRequest("post", "/{index}/_search", fetch);
        Assert.Equal(["d3", "d1"], results.Hits.Select(h => h.Id));
        Assert.Equal(["d3", "d1"], handler.Requests[2].Json.GetProperty("query").GetProperty("ids").GetProperty("values")
            .EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("Three", results.Hits[0].Title);
        Assert.Equal(0.75, results.Hits[0].Score, 1e-6);
        Assert.Equal(0.5, results.Hits[1].Score, 1e-6);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Stored_vectors_of_nested_passages_come_back_in_passage_order()
    {
        var handler = TestBackend.Searching(nested: true).Respond(200, SearchResponses.Hits(
            [("d1", 1.0, null, "text", null)],
            _ => new System.Text.Json.Nodes.JsonObject
            {
                ["passages"] = System.Text.Json.Nodes.JsonNode.Parse("""
                    [{"start": 0, "length": 2, "vector": [1, 0, 0, 0]}, {"start": 2, "length": 2, "vector": [0, 1, 0, 0]}]
                    """),
            }));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var vectors = Assert.Single(await backend.GetPassageVectorsAsync(["d1"]));

        Assert.Equal("passages", handler.Requests[0].Json.GetProperty("_source").GetProperty("includes").GetString());
        Assert.Equal(2, vectors.Vectors.Count);
        Assert.Equal(1f, vectors.Vectors[1].Span[1]);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task A_search_error_names_the_index_and_the_server_reason()
    {
        var handler = TestBackend.Searching().Respond(400, """
            {"error": {"root_cause": [{"type": "illegal_argument_exception", "reason": "[num_candidates] cannot exceed [10000]"}],
                       "type": "illegal_argument_exception", "reason": "[num_candidates] cannot exceed [10000]"}, "status": 400}
            """);
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => backend.VectorSearchAsync(new VectorQuery(Query, 5, 100, NoFilters)));

        Assert.Contains("'docs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("num_candidates", error.Message, StringComparison.Ordinal);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch)]
    [InlineData(SearchEngine.OpenSearch)]
    public async Task A_search_answered_429_or_503_is_retried_after_the_servers_Retry_After_then_answers(SearchEngine engine)
    {
        var handler = Searching(engine)
            .Respond(429, """{"error": {"type": "es_rejected_execution_exception", "reason": "search queue full"}, "status": 429}""",
                ("Retry-After", "3"))
            .Respond(503, """{"error": {"type": "search_phase_execution_exception", "reason": "all shards failed"}, "status": 503}""")
            .Respond(200, SearchResponses.Hits(("d1", 1.5, null, "one", null)));
        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Engine = engine), time);

        var hits = await backend.KeywordSearchAsync(new KeywordQuery("cells", 5, NoFilters));

        Assert.Equal("d1", Assert.Single(hits).Id);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), time.Delays[0]);
        Assert.Equal(2, time.Delays.Count);
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch)]
    [InlineData(SearchEngine.OpenSearch)]
    public async Task A_503_storm_ends_after_the_last_retry_with_the_servers_reason(SearchEngine engine)
    {
        var handler = Searching(engine);
        for (var i = 0; i < 4; i++)
        {
            handler.Respond(503, """{"error": {"type": "cluster_block_exception", "reason": "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]"}, "status": 503}""");
        }

        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => { o.Engine = engine; o.MaxRetries = 3; }), time);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => backend.KeywordSearchAsync(new KeywordQuery("cells", 5, NoFilters)));

        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(3, time.Delays.Count);
        Assert.Contains("'docs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("state not recovered", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, handler.Remaining);
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch, 401)]
    [InlineData(SearchEngine.Elasticsearch, 403)]
    [InlineData(SearchEngine.OpenSearch, 401)]
    [InlineData(SearchEngine.OpenSearch, 403)]
    public async Task A_search_refused_for_credentials_fails_at_once_without_a_retry(SearchEngine engine, int status)
    {
        var handler = Searching(engine).Respond(status, """{"error": {"type": "security_exception", "reason": "unable to authenticate user [reader]"}, "status": STATUS}"""
            .Replace("STATUS", status.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Engine = engine), time);

        await Assert.ThrowsAsync<HttpRequestException>(() => backend.KeywordSearchAsync(new KeywordQuery("cells", 5, NoFilters)));

        Assert.Single(handler.Requests);
        Assert.Empty(time.Delays);
    }

    [SkippableTheory]
    [InlineData("9.0.0", false)]
    [InlineData("9.1.0", true)]
    [InlineData("9.2.0", true)]
    public async Task Exclude_vectors_is_sent_only_to_servers_that_take_it(string version, bool sent)
    {
        var handler = TestBackend.Searching().AnswerRoot(RecordingHandler.Root(version)).Respond(200, SearchResponses.Hits());
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        await backend.GetPassageVectorsAsync(["d1"]);

        var source = handler.Requests[0].Json.GetProperty("_source");
        Assert.Equal(sent, source.TryGetProperty("exclude_vectors", out var value));
        Assert.True(!sent || value.ValueKind == System.Text.Json.JsonValueKind.False);
        WireAssert.AllRequestsValid(handler);
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch, "8.17.0", false, "is Elasticsearch 8.17.0", "Elasticsearch 9.x only")]
    [InlineData(SearchEngine.Elasticsearch, "10.0.0", false, "is Elasticsearch 10.0.0", "Elasticsearch 9.x only")]
    [InlineData(SearchEngine.Elasticsearch, "2.19.0", true, "is OpenSearch 2.19.0", "Engine to OpenSearch")]
    [InlineData(SearchEngine.OpenSearch, "2.11.1", true, "is OpenSearch 2.11.1", "OpenSearch 2.13 or newer")]
    [InlineData(SearchEngine.OpenSearch, "9.2.0", false, "is Elasticsearch 9.2.0", "Engine to Elasticsearch")]
    public async Task A_server_the_client_cannot_talk_to_is_refused_first_naming_both_versions(
        SearchEngine engine, string version, bool openSearch, string found, string needed)
    {
        var handler = Searching(engine).AnswerRoot(RecordingHandler.Root(version, openSearch));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Engine = engine));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.KeywordSearchAsync(new KeywordQuery("cells", 5, NoFilters)));

        Assert.Contains(found, error.Message, StringComparison.Ordinal);
        Assert.Contains(needed, error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch)]
    [InlineData(SearchEngine.OpenSearch)]
    public async Task Credentials_that_may_not_read_the_version_still_search(SearchEngine engine)
    {
        // A search-only API key lacks cluster:monitor/main, which GET / needs: the version check steps aside.
        var handler = Searching(engine)
            .AnswerRoot("""{"error": {"type": "security_exception", "reason": "action [cluster:monitor/main] is unauthorized for API key id [k]"}, "status": 403}""", 403)
            .Respond(200, SearchResponses.Hits(("d1", 2.0, null, "one", null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Engine = engine));

        var hits = await backend.KeywordSearchAsync(new KeywordQuery("cells", 5, NoFilters));

        Assert.Equal("d1", Assert.Single(hits).Id);
    }

    private static RecordingHandler Searching(SearchEngine engine) =>
        TestBackend.Searching(dimsKey: engine == SearchEngine.OpenSearch ? "dimension" : "dims");

    [SkippableFact]
    public async Task Keyword_fields_can_be_the_combined_content_field()
    {
        var handler = TestBackend.Searching().Respond(200, SearchResponses.Hits());
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.KeywordFields = ["content"]));

        await backend.KeywordSearchAsync(new KeywordQuery("cells", 10, NoFilters));

        // One field: the client writes the documented single-field form.
        WireAssert.SameJson("""
            {"multi_match": {"query": "cells", "fields": "content", "type": "best_fields", "tie_breaker": 0.5}}
            """, handler.Requests[0].Json.GetProperty("query"));
        WireAssert.AllRequestsValid(handler);
    }
}
