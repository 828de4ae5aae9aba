using System.Text.Json;
using HybridSearch.Elasticsearch.Tests.Wire;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using static HybridSearch.Elasticsearch.Tests.Wire.BackfillResponses;

namespace HybridSearch.Elasticsearch.Tests;

/// <summary>
/// The backfill source at the wire: a point in time opened on the index (<c>POST /docs/_pit?keep_alive=…</c>), pages
/// searched under it (<c>POST /_search</c> with <c>pit</c>, <c>sort</c> on the <c>id</c> keyword, <c>search_after</c>, an
/// optional <c>slice</c> and a <c>_source</c> filter without vectors) and closed at the end (<c>DELETE /_pit</c>). Every
/// body is checked against Elastic's OpenAPI document.
/// </summary>
public sealed class ElasticsearchBackfillTests
{
    private const string SearchPath = "POST /_search";

    /// <summary>Stands in for the pipeline's content hash (encoder, chunking and text); any function of the text will do.</summary>
    private static string Hash(SearchDocument document) => "sha:" + document.EncodingText;

    private static IDocumentSource Source(
        RecordingHandler handler,
        Action<ElasticsearchBackfillOptions>? configure = null,
        Action<ElasticsearchBackendOptions>? backend = null,
        InstantTimeProvider? time = null)
    {
        var options = new ElasticsearchBackfillOptions { PageSize = 2 };
        configure?.Invoke(options);
        return ElasticsearchBackfill.CreateSource(
            TestBackend.Options(backend), options, Hash, handler, null, time ?? new InstantTimeProvider(), () => 0.5);
    }

    private static async Task<List<SourceRecord>> ReadAllAsync(IDocumentSource source, string? resumeAfter = null)
    {
        var records = new List<SourceRecord>();
        await foreach (var record in source.ReadAsync(resumeAfter))
        {
            records.Add(record);
        }

        return records;
    }

    private static List<RecordedRequest> Searches(RecordingHandler handler) =>
        handler.Requests.Where(r => $"{r.Method} {r.Path}" == SearchPath).ToList();

    [SkippableFact]
    public async Task The_scan_opens_a_point_in_time_searches_it_in_id_order_without_vectors_and_closes_it()
    {
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-1"))
            .Respond(200, Page("pit-1", Hit(Stored("d1", "Cells divide."), missingVector: true, shardDoc: 7)))
            .Respond(200, ClosePit());

        var records = await ReadAllAsync(Source(handler));

        Assert.Equal(
            ["POST /docs/_pit?keep_alive=5m", SearchPath, "DELETE /_pit"],
            handler.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        WireAssert.SameJson("""
            {"size": 2,
             "pit": {"id": "pit-1", "keep_alive": "5m"},
             "sort": {"id": {"order": "asc"}},
             "query": {"bool": {
               "filter": {"exists": {"field": "id"}},
               "should": {"bool": {"must_not": {"exists": {"field": "vector"}}, "_name": "missing_vector"}}}},
             "_source": {"includes": ["id", "title", "text", "metadata", "content_hash"]},
             "track_total_hits": false,
             "seq_no_primary_term": true}
            """, handler.Requests[1].Json);
        WireAssert.SameJson("""{"id": "pit-1"}""", handler.Requests[2].Json);
        var record = Assert.Single(records);
        Assert.Equal(new DocumentRevision(4, 1), record.Revision);
        Assert.Equal("id:d1", record.Cursor);
        Assert.Equal("docs-v1/d1", record.Source);
        Assert.Equal(new SearchDocument("d1", "Cells divide.").Text, record.Document!.Text);
        Assert.Equal("en", record.Document.Metadata["lang"]);
        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Pages_follow_the_last_id_of_the_previous_page_under_the_latest_pit_id_until_a_short_page()
    {
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-1"))
            .Respond(200, Page("pit-2", Hit(Stored("a", "one"), true, 1), Hit(Stored("b", "two"), true, 2)))
            .Respond(200, Page("pit-3", Hit(Stored("c", "three"), true), Hit(Stored("d", "four"), true)))
            .Respond(200, Page("pit-3", Hit(Stored("e", "five"), true)))
            .Respond(200, ClosePit());

        var records = await ReadAllAsync(Source(handler));

        Assert.Equal(["a", "b", "c", "d", "e"], records.Select(r => r.Document!.Id));
        Assert.Equal(["id:a", "id:b", "id:c", "id:d", "id:e"], records.Select(r => r.Cursor));
        var searches = Searches(handler);
        Assert.Equal(3, searches.Count);
        Assert.False(searches[0].Json.TryGetProperty("search_after", out _));
        WireAssert.SameJson("""["b"]""", searches[1].Json.GetProperty("search_after"));
        WireAssert.SameJson("""["d"]""", searches[2].Json.GetProperty("search_after"));
        Assert.Equal(["pit-1", "pit-2", "pit-3"], searches.Select(s => s.Json.GetProperty("pit").GetProperty("id").GetString()));
        WireAssert.SameJson("""{"id": "pit-3"}""", handler.Requests[^1].Json);
        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Resuming_from_a_checkpoint_opens_a_fresh_point_in_time_and_searches_after_the_saved_id()
    {
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-new"))
            .Respond(200, Page("pit-new", Hit(Stored("m", "later"), true)))
            .Respond(200, ClosePit());

        var records = await ReadAllAsync(Source(handler), resumeAfter: "id:k");

        Assert.Equal("POST /docs/_pit?keep_alive=5m", $"{handler.Requests[0].Method} {handler.Requests[0].PathAndQuery}");
        var search = Searches(handler).Single().Json;
        WireAssert.SameJson("""["k"]""", search.GetProperty("search_after"));
        Assert.Equal("pit-new", search.GetProperty("pit").GetProperty("id").GetString());
        Assert.Equal(["m"], records.Select(r => r.Document!.Id));
        WireAssert.AllRequestsValid(handler);
    }

    [Fact]
    public void A_cursor_of_another_source_is_refused()
    {
        var source = Source(new RecordingHandler());

        var error = Assert.Throws<InvalidDataException>(() => source.ReadAsync("1234:17"));

        Assert.Contains(source.Name, error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_slice_goes_with_every_page_and_is_part_of_the_source_name()
    {
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-1", shards: 3))
            .Respond(200, Page("pit-1", Hit(Stored("a", "one"), true), Hit(Stored("b", "two"), true)))
            .Respond(200, Page("pit-1"))
            .Respond(200, ClosePit());
        var source = Source(handler, o => (o.SliceId, o.SliceCount) = (1, 3));

        await ReadAllAsync(source);

        var searches = Searches(handler);
        Assert.Equal(2, searches.Count);
        Assert.All(searches, s => WireAssert.SameJson("""{"id": "1", "max": 3}""", s.Json.GetProperty("slice")));
        Assert.Equal("http://es.test:9200/docs (backfill, slice 1 of 3)", source.Name);
        Assert.NotEqual(source.Name, Source(handler, o => (o.SliceId, o.SliceCount) = (2, 3)).Name);
        Assert.Equal("http://es.test:9200/docs (backfill)", Source(handler).Name);
        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Documents_with_a_vector_and_the_current_hash_are_skipped_the_rest_are_handed_on()
    {
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-1"))
            .Respond(200, Page("pit-1",
                Hit(Stored("current", "same text", contentHash: "sha:same text")),
                Hit(Stored("edited", "new text", contentHash: "sha:old text")),
                Hit(Stored("unhashed", "no hash yet")),
                Hit(Stored("vectorless", "hash but no vector", contentHash: "sha:hash but no vector"), missingVector: true)))
            .Respond(200, ClosePit());

        var records = await ReadAllAsync(Source(handler, o => o.PageSize = 10));

        Assert.Equal(["edited", "unhashed", "vectorless"], records.Select(r => r.Document!.Id));
    }

    [SkippableFact]
    public async Task A_document_without_string_text_becomes_an_error_record_naming_index_and_id()
    {
        var numeric = Stored("bad-2", null);
        numeric["text"] = 42;
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-1"))
            .Respond(200, Page("pit-1", Hit(Stored("bad-1", null), true), Hit(numeric, true), Hit(Stored("good", "fine"), true)))
            .Respond(200, ClosePit());

        var records = await ReadAllAsync(Source(handler, o => o.PageSize = 10));

        Assert.Equal(3, records.Count);
        Assert.Equal("document 'bad-1' in index 'docs-v1' has no string 'text' field (it is missing)", records[0].Error);
        Assert.Equal("document 'bad-2' in index 'docs-v1' has no string 'text' field (it is Number)", records[1].Error);
        Assert.Equal(["docs-v1/bad-1", "docs-v1/bad-2"], records.Take(2).Select(r => r.Source));
        Assert.Equal("id:bad-2", records[1].Cursor);
        Assert.Contains("\"text\":42", records[1].Raw, StringComparison.Ordinal);
        Assert.Equal("good", records[2].Document!.Id);
    }

    [SkippableFact]
    public async Task Rate_limited_and_unavailable_answers_are_retried_with_backoff()
    {
        var time = new InstantTimeProvider();
        var handler = new RecordingHandler()
            .Respond(503, """{"error": {"type": "unavailable_shards_exception", "reason": "not ready"}, "status": 503}""")
            .Respond(200, OpenPit("pit-1"))
            .Respond(429, TooManyRequests())
            .Respond(200, Page("pit-1", Hit(Stored("a", "one"), true)))
            .Respond(200, ClosePit());

        var records = await ReadAllAsync(Source(handler, time: time));

        Assert.Equal(["a"], records.Select(r => r.Document!.Id));
        Assert.Equal(2, time.Delays.Count);
        Assert.All(time.Delays, d => Assert.True(d > TimeSpan.Zero));
        Assert.Equal(2, Searches(handler).Count);
    }

    [SkippableFact]
    public async Task An_expired_point_in_time_is_reopened_and_the_scan_continues_after_the_last_id_read()
    {
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-1"))
            .Respond(200, Page("pit-1", Hit(Stored("a", "one"), true, 1), Hit(Stored("b", "two"), true, 2)))
            .Respond(404, PitExpired("pit-1"))
            .Respond(200, OpenPit("pit-2"))
            .Respond(200, Page("pit-2", Hit(Stored("c", "three"), true)))
            .Respond(200, ClosePit());

        var records = await ReadAllAsync(Source(handler));

        Assert.Equal(["a", "b", "c"], records.Select(r => r.Document!.Id));
        Assert.Equal(
            ["POST /docs/_pit", SearchPath, SearchPath, "POST /docs/_pit", SearchPath, "DELETE /_pit"],
            handler.Requests.Select(r => $"{r.Method} {r.Path}"));
        var resumed = Searches(handler)[2].Json;
        Assert.Equal("pit-2", resumed.GetProperty("pit").GetProperty("id").GetString());
        WireAssert.SameJson("""["b"]""", resumed.GetProperty("search_after"));
        WireAssert.SameJson("""{"id": "pit-2"}""", handler.Requests[^1].Json);
        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task A_reader_that_stops_early_still_closes_the_point_in_time_and_a_failed_close_does_not_throw()
    {
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-1"))
            .Respond(200, Page("pit-1", Hit(Stored("a", "one"), true), Hit(Stored("b", "two"), true)))
            .Respond(500, """{"error": {"type": "illegal_state_exception", "reason": "boom"}, "status": 500}""");

        await foreach (var record in Source(handler).ReadAsync(null))
        {
            Assert.Equal("a", record.Document!.Id);
            break;
        }

        Assert.Equal("DELETE /_pit", $"{handler.Requests[^1].Method} {handler.Requests[^1].Path}");
        WireAssert.SameJson("""{"id": "pit-1"}""", handler.Requests[^1].Json);
    }

    [SkippableFact]
    public async Task Missing_vectors_mode_asks_the_server_for_them_only_and_counts_them_with_the_same_query()
    {
        var handler = new RecordingHandler()
            .Respond(200, Count(3))
            .Respond(200, OpenPit("pit-1"))
            .Respond(200, Page("pit-1", Hit(Stored("a", "one", contentHash: "sha:one"))))
            .Respond(200, ClosePit());
        var source = Source(handler, o => o.Mode = BackfillMode.MissingVectors);

        var count = await source.CountAsync();
        var records = await ReadAllAsync(source);

        Assert.Equal(3, count);
        Assert.Equal("POST /docs/_count", $"{handler.Requests[0].Method} {handler.Requests[0].Path}");
        const string Query = """{"bool": {"filter": {"exists": {"field": "id"}}, "must_not": {"exists": {"field": "vector"}}}}""";
        WireAssert.SameJson("{\"query\": " + Query + "}", handler.Requests[0].Json);
        WireAssert.SameJson(Query, Searches(handler).Single().Json.GetProperty("query"));
        Assert.Equal(["a"], records.Select(r => r.Document!.Id));
        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task The_nested_layout_looks_for_passage_vectors_with_a_nested_query()
    {
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-1"))
            .Respond(200, Page("pit-1"))
            .Respond(200, ClosePit());

        await ReadAllAsync(Source(handler, o => o.Mode = BackfillMode.MissingVectors, b => b.NestedPassages = true));

        WireAssert.SameJson("""
            {"bool": {"filter": {"exists": {"field": "id"}},
                      "must_not": {"nested": {"path": "passages", "query": {"exists": {"field": "passages.vector"}}}}}}
            """, Searches(handler).Single().Json.GetProperty("query"));
        WireAssert.AllRequestsValid(handler);
    }

    [Fact]
    public async Task Counting_is_left_unknown_where_the_server_cannot_count_what_will_be_read()
    {
        var handler = new RecordingHandler();

        Assert.Null(await Source(handler).CountAsync());
        Assert.Null(await Source(handler, o => (o.Mode, o.SliceCount) = (BackfillMode.MissingVectors, 2)).CountAsync());
        Assert.Empty(handler.Requests);
    }

    [SkippableFact]
    public async Task A_document_rewritten_by_the_backend_is_not_handed_on_by_the_next_backfill()
    {
        // Run 1 hands on a document without a vector; the pipeline upserts it, stamped with the same content hash.
        var document = new SearchDocument("d1", "Cells divide.", "Mitosis", new Dictionary<string, string> { ["lang"] = "en" });
        var writes = TestBackend.WithMapping().Respond(200, BulkResponses.Created("d1"));
        using (var backend = TestBackend.Create(writes, TestBackend.Options()))
        {
            await backend.UpsertAsync([new EncodedDocument(document, [new EncodedPassage(0, 21, [1f, 0f, 0f, 0f])], Hash(document))]);
        }

        var stored = writes.Requests[1].Lines[1];
        Assert.Equal("sha:Mitosis Cells divide.", stored.GetProperty("content_hash").GetString());
        Assert.Equal("en", stored.GetProperty("metadata").GetProperty("lang").GetString());
        Assert.Equal(4, stored.GetProperty("vector").GetArrayLength());

        // Run 2 reads the stored document back (its vector now exists, so the missing_vector clause does not match).
        var source = System.Text.Json.Nodes.JsonNode.Parse(stored.GetRawText())!.AsObject();
        source.Remove("vector");
        var handler = new RecordingHandler()
            .Respond(200, OpenPit("pit-1"))
            .Respond(200, Page("pit-1", Hit(source)))
            .Respond(200, ClosePit());

        Assert.Empty(await ReadAllAsync(Source(handler)));
    }

    [Fact]
    public void Changed_document_detection_needs_the_content_hash_function()
    {
        var error = Assert.Throws<ArgumentException>(() => ElasticsearchBackfill.CreateSource(
            TestBackend.Options(), new ElasticsearchBackfillOptions { Mode = BackfillMode.MissingOrChanged }));

        Assert.Contains("HybridSearch:Ingestion:Source:Backfill:Mode", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, "PageSize")]
    [InlineData(500, 0, "SliceCount")]
    public void Invalid_settings_are_reported_by_name(int pageSize, int sliceCount, string setting)
    {
        var options = new ElasticsearchBackfillOptions { PageSize = pageSize, SliceCount = sliceCount };

        var result = new ElasticsearchBackfillOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith($"HybridSearch:Ingestion:Source:Backfill:{setting} is", StringComparison.Ordinal));
    }
}
