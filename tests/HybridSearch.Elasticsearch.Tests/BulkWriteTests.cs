using HybridSearch.Elasticsearch.Tests.Wire;

namespace HybridSearch.Elasticsearch.Tests;

public sealed class BulkWriteTests
{
    private static readonly float[] V1 = [0.5f, 0.25f, 0f, -1f];
    private static readonly float[] V2 = [1f, 0f, 0f, 0f];

    [SkippableFact]
    public async Task Documents_go_out_as_index_actions_with_their_id_and_a_strict_source_line()
    {
        var handler = TestBackend.WithMapping().Respond(200, BulkResponses.Created("d1", "d2"));
        var options = TestBackend.Options();
        using var backend = TestBackend.Create(handler, options);

        var result = await backend.UpsertAsync([TestBackend.Document("d1", "Cells divide.", "Mitosis", V1), TestBackend.Document("d2", "Plain text.", null, V2)]);

        Assert.Equal(2, result.Written);
        Assert.Empty(result.Rejected);
        var bulk = handler.Requests[1];
        Assert.Equal("POST /docs/_bulk", $"{bulk.Method} {bulk.Path}");
        var lines = bulk.Lines;
        Assert.Equal(4, lines.Count);
        WireAssert.SameJson("""{"index": {"_id": "d1"}}""", lines[0]);
        WireAssert.SameJson("""
            {"id": "d1", "title": "Mitosis", "text": "Cells divide.", "content_hash": "hash-d1", "metadata": {"lang": "en"},
             "vector": [0.5, 0.25, 0, -1]}
            """, lines[1]);
        WireAssert.SameJson("""{"index": {"_id": "d2"}}""", lines[2]);
        WireAssert.SameJson("""
            {"id": "d2", "text": "Plain text.", "content_hash": "hash-d2", "metadata": {"lang": "en"}, "vector": [1, 0, 0, 0]}
            """, lines[3]);
        WireAssert.ValidSchema("_global.bulk.OperationContainer", lines[0]);
        WireAssert.ValidSchema("_global.bulk.OperationContainer", lines[2]);
        MappingAssert.SourceFitsStrictMapping(options, lines[1]);
        MappingAssert.SourceFitsStrictMapping(options, lines[3]);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Per_item_failures_report_mapping_errors_as_rejections_and_resend_only_transient_ones()
    {
        var handler = TestBackend.WithMapping()
            .Respond(200, BulkResponses.Items(
                ("index", "d1", 201, null, null),
                ("index", "d2", 400, "mapper_parsing_exception", BulkResponses.MapperParsing),
                ("index", "d3", 429, "es_rejected_execution_exception", BulkResponses.QueueFull)))
            .Respond(200, BulkResponses.Created("d3"));
        var options = TestBackend.Options();
        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, options, time);

        var result = await backend.UpsertAsync([
            TestBackend.Document("d1", "one", null, V1), TestBackend.Document("d2", "two", null, V1), TestBackend.Document("d3", "three", null, V2)]);

        Assert.Equal(2, result.Written);
        Assert.Single(result.Rejected);
        var resent = handler.Requests[2].Lines;
        Assert.Equal(2, resent.Count);
        WireAssert.SameJson("""{"index": {"_id": "d3"}}""", resent[0]);
        Assert.Single(time.Delays);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal("d2", rejection.Id);
        Assert.Equal(400, rejection.Status);
        Assert.Equal("mapper_parsing_exception: " + BulkResponses.MapperParsing, rejection.Reason);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task A_429_for_the_whole_request_is_retried_then_succeeds()
    {
        var handler = TestBackend.WithMapping().Respond(429, BulkResponses.Rejected429).Respond(200, BulkResponses.Created("d1", "d2"));
        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, TestBackend.Options(), time);

        var result = await backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1), TestBackend.Document("d2", "two", null, V2)]);

        Assert.Equal(2, result.Written);
        Assert.Empty(result.Rejected);
        Assert.Equal(handler.Requests[1].Body, handler.Requests[2].Body);
        Assert.Single(time.Delays);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch, "7", 7.0, 7.0)]
    [InlineData(SearchEngine.OpenSearch, "7", 7.0, 7.0)]
    [InlineData(SearchEngine.Elasticsearch, "Wed, 25 Nov 2026 12:00:30 GMT", 30.0, 0.0)]
    [InlineData(SearchEngine.OpenSearch, "Wed, 25 Nov 2026 12:00:30 GMT", 30.0, 0.0)]
    [InlineData(SearchEngine.Elasticsearch, "600", 60.0, 60.0)]
    public async Task A_429_or_503_with_Retry_After_waits_as_long_as_the_server_asked_within_the_cap(
        SearchEngine engine, string retryAfter, double first, double second)
    {
        // The test clock stands at 12:00:00 and moves on by each wait: a date asks for the time left until it (none the
        // second time); a wait longer than the one-minute cap is cut to it.
        var handler = new RecordingHandler()
            .Respond(200, TestBackend.MappingResponse(TestBackend.Encoder, dimsKey: engine == SearchEngine.OpenSearch ? "dimension" : "dims"))
            .Respond(429, BulkResponses.Rejected429, ("Retry-After", retryAfter))
            .Respond(503, """{"error": {"type": "unavailable", "reason": "busy"}, "status": 503}""", ("Retry-After", retryAfter))
            .Respond(200, BulkResponses.Created("d1"));
        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Engine = engine), time);

        var result = await backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)]);

        Assert.Equal(1, result.Written);
        Assert.Equal(
            new[] { TimeSpan.FromSeconds(first), TimeSpan.FromSeconds(second) }.Where(d => d > TimeSpan.Zero),
            time.Delays.Where(d => d > TimeSpan.Zero));
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch)]
    [InlineData(SearchEngine.OpenSearch)]
    public async Task Writes_through_the_alias_require_it_so_a_missing_alias_is_never_auto_created_as_an_index(SearchEngine engine)
    {
        var handler = new RecordingHandler()
            .Respond(200, TestBackend.MappingResponse(TestBackend.Encoder, dimsKey: engine == SearchEngine.OpenSearch ? "dimension" : "dims"))
            .Respond(200, BulkResponses.Created("d1"));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Engine = engine));

        await backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)]);

        // 'docs' is the alias of 'docs-v1' in the mapping answer.
        Assert.Equal("/docs/_bulk?require_alias=true", handler.Requests[1].PathAndQuery);
        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task A_name_that_is_a_concrete_index_is_written_without_require_alias()
    {
        var handler = new RecordingHandler()
            .Respond(200, TestBackend.MappingResponse(TestBackend.Encoder).Replace("\"docs-v1\"", "\"docs\"", StringComparison.Ordinal))
            .Respond(200, BulkResponses.Created("d1"));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        await backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)]);

        Assert.Equal("/docs/_bulk", handler.Requests[1].PathAndQuery);
    }

    [SkippableTheory]
    [InlineData(SearchEngine.Elasticsearch)]
    [InlineData(SearchEngine.OpenSearch)]
    public async Task A_backfilled_document_is_written_only_if_unchanged_since_read_and_a_409_is_reported_not_retried(SearchEngine engine)
    {
        var conflict = BulkResponses.Items(
            ("index", "d1", 409, "version_conflict_engine_exception",
                "[d1]: version conflict, required seqNo [7], primary term [2]. current document has seqNo [9] and primary term [2]"),
            ("index", "d2", 201, null, null));
        var handler = new RecordingHandler()
            .Respond(200, TestBackend.MappingResponse(TestBackend.Encoder, dimsKey: engine == SearchEngine.OpenSearch ? "dimension" : "dims"))
            .Respond(200, conflict);
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.Engine = engine));

        var result = await backend.UpsertAsync([
            TestBackend.Document("d1", "one", null, V1) with { Revision = new HybridSearch.Search.DocumentRevision(7, 2) },
            TestBackend.Document("d2", "two", null, V2),
        ]);

        var lines = handler.Requests[1].Lines;
        Assert.Equal(7, lines[0].GetProperty("index").GetProperty("if_seq_no").GetInt64());
        Assert.Equal(2, lines[0].GetProperty("index").GetProperty("if_primary_term").GetInt64());
        Assert.False(lines[2].GetProperty("index").TryGetProperty("if_seq_no", out _));
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(1, result.Written);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(409, rejection.Status);
        Assert.Contains("changed by another writer after it was read at seq_no 7", rejection.Reason, StringComparison.Ordinal);
        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task An_id_over_512_bytes_is_rejected_alone_before_sending_instead_of_failing_the_whole_request()
    {
        var handler = TestBackend.WithMapping().Respond(200, BulkResponses.Created("d1"));
        using var backend = TestBackend.Create(handler, TestBackend.Options());
        var longId = new string('é', 257); // 514 bytes in UTF-8, 257 characters

        var result = await backend.UpsertAsync([TestBackend.Document(longId, "two", null, V2), TestBackend.Document("d1", "one", null, V1)]);

        Assert.Equal(1, result.Written);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(longId, rejection.Id);
        Assert.Contains("514 bytes", rejection.Reason, StringComparison.Ordinal);
        var sent = handler.Requests[1].Lines;
        Assert.Equal(2, sent.Count);
        Assert.Equal("d1", sent[0].GetProperty("index").GetProperty("_id").GetString());
    }

    [SkippableTheory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Gateway_and_availability_errors_are_retried(int status)
    {
        var handler = TestBackend.WithMapping().Respond(status, """{"error": "unavailable", "status": 503}""").Respond(200, BulkResponses.Created("d1"));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var result = await backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)]);

        Assert.Equal(1, result.Written);
        Assert.Empty(result.Rejected);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task A_timeout_is_retried_then_succeeds()
    {
        var handler = TestBackend.WithMapping()
            .Throw(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 60 seconds elapsing.", new TimeoutException()))
            .Respond(200, BulkResponses.Created("d1"));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var result = await backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)]);

        Assert.Equal(1, result.Written);
        Assert.Empty(result.Rejected);
        Assert.Equal(3, handler.Requests.Count);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Items_still_refused_after_the_last_retry_are_reported_as_rejections_with_backoff_growing()
    {
        var rejected = BulkResponses.Items(("index", "d1", 429, "es_rejected_execution_exception", BulkResponses.QueueFull));
        var handler = TestBackend.WithMapping().Respond(200, rejected).Respond(200, rejected).Respond(200, rejected).Respond(200, rejected);
        var options = TestBackend.Options(o => o.MaxRetries = 3);
        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, options, time);

        var result = await backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)]);

        Assert.Equal(0, result.Written);
        Assert.Single(result.Rejected);
        Assert.Equal(3, time.Delays.Count);
        Assert.All(time.Delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60)));
        Assert.True(time.Delays[2] > time.Delays[0], $"backoff should grow: {string.Join(", ", time.Delays)}");
        var rejection = Assert.Single(result.Rejected);
        Assert.Contains("gave up after 3 retries", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(429, rejection.Status);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task A_request_refused_as_a_whole_for_good_throws_naming_the_index_without_retrying()
    {
        var handler = TestBackend.WithMapping().Respond(401,
            """{"error": {"type": "security_exception", "reason": "missing authentication credentials"}, "status": 401}""");
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)]));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("'docs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("security_exception", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);

        WireAssert.AllRequestsValid(handler);
    }

    // What Elasticsearch answers when a request body exceeds http.max_content_length: a bare 413 with an empty body.
    private const string TooLarge = "";

    [SkippableFact]
    public async Task A_request_too_large_for_the_server_is_split_in_halves_until_every_document_is_written()
    {
        var handler = TestBackend.WithMapping()
            .Respond(413, TooLarge)
            .Respond(200, BulkResponses.Created("a", "b"))
            .Respond(413, TooLarge)
            .Respond(200, BulkResponses.Created("c"))
            .Respond(200, BulkResponses.Created("d"));
        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, TestBackend.Options(), time);

        var result = await backend.UpsertAsync([.. "abcd".Select(c => TestBackend.Document(c.ToString(), "text", null, V1))]);

        Assert.Equal(4, result.Written);
        Assert.Empty(result.Rejected);
        Assert.Equal([8, 4, 4, 2, 2], handler.Requests.Skip(1).Select(r => r.Lines.Count));
        Assert.Empty(time.Delays);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task A_single_document_too_large_for_the_server_is_rejected_alone_with_status_413()
    {
        var handler = TestBackend.WithMapping()
            .Respond(413, TooLarge)
            .Respond(413, TooLarge)
            .Respond(200, BulkResponses.Created("ok"));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var result = await backend.UpsertAsync([TestBackend.Document("huge", "text", null, V1), TestBackend.Document("ok", "text", null, V2)]);

        Assert.Equal(1, result.Written);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal("huge", rejection.Id);
        Assert.Equal(413, rejection.Status);
        Assert.Contains("http.max_content_length", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(4, handler.Requests.Count);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableTheory]
    [InlineData(401, "security_exception", "missing authentication credentials for REST request [/docs/_bulk]")]
    [InlineData(403, "security_exception", "action [indices:data/write/bulk[s]] is unauthorized for user [reader]")]
    public async Task Credentials_the_server_refuses_fail_the_write_at_once_naming_the_cluster_the_index_and_the_reason(
        int status, string type, string reason)
    {
        var handler = TestBackend.WithMapping().Respond(status, $$"""{"error": {"type": "{{type}}", "reason": "{{reason}}"}, "status": {{status}}}""");
        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, TestBackend.Options(), time);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)]));

        Assert.Equal((System.Net.HttpStatusCode)status, error.StatusCode);
        Assert.False(HybridSearch.Search.TransientFailure.IsTransient(error));
        Assert.Contains("http://es.test:9200", error.Message, StringComparison.Ordinal);
        Assert.Contains("'docs'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Empty(time.Delays);
    }

    [SkippableFact]
    public async Task Batches_are_cut_by_document_count()
    {
        var handler = TestBackend.WithMapping()
            .Respond(200, BulkResponses.Created("a", "b")).Respond(200, BulkResponses.Created("c", "d")).Respond(200, BulkResponses.Created("e"));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.BulkMaxDocuments = 2));

        var result = await backend.UpsertAsync([.. "abcde".Select(c => TestBackend.Document(c.ToString(), "text", null, V1))]);

        Assert.Equal(5, result.Written);
        Assert.Equal([4, 4, 2], handler.Requests.Skip(1).Select(r => r.Lines.Count));

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Batches_are_cut_by_bytes_and_a_large_document_goes_alone()
    {
        var big = new string('x', 1500);
        var handler = TestBackend.WithMapping()
            .Respond(200, BulkResponses.Created("a")).Respond(200, BulkResponses.Created("b")).Respond(200, BulkResponses.Created("c", "d"));
        using var backend = TestBackend.Create(handler, TestBackend.Options(o => o.BulkMaxBytes = 1024));

        var result = await backend.UpsertAsync([
            TestBackend.Document("a", big, null, V1), TestBackend.Document("b", big, null, V1),
            TestBackend.Document("c", "small", null, V1), TestBackend.Document("d", "small", null, V1)]);

        Assert.Equal(4, result.Written);
        Assert.Equal([2, 2, 4], handler.Requests.Skip(1).Select(r => r.Lines.Count));

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task A_document_with_several_passages_is_rejected_when_the_index_holds_one_vector_each()
    {
        var handler = TestBackend.WithMapping().Respond(200, BulkResponses.Created("ok"));
        var options = TestBackend.Options();
        using var backend = TestBackend.Create(handler, options);

        var result = await backend.UpsertAsync([TestBackend.Document("chunked", "a long text here", null, V1, V2), TestBackend.Document("ok", "short", null, V1)]);

        Assert.Equal(1, result.Written);
        Assert.Single(result.Rejected);
        Assert.Equal(2, handler.Requests[1].Lines.Count);
        Assert.Equal("chunked", Assert.Single(result.Rejected).Id);
        Assert.Contains("NestedPassages", result.Rejected[0].Reason, StringComparison.Ordinal);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Nested_layout_sends_every_passage_with_its_offsets()
    {
        var handler = TestBackend.WithMapping(nested: true).Respond(200, BulkResponses.Created("d1"));
        var options = TestBackend.Options(o => o.NestedPassages = true);
        using var backend = TestBackend.Create(handler, options);

        await backend.UpsertAsync([TestBackend.Document("d1", "0123456789", null, V1, V2)]);

        var source = handler.Requests[1].Lines[1];
        WireAssert.SameJson("""
            {"id": "d1", "text": "0123456789", "content_hash": "hash-d1", "metadata": {"lang": "en"},
             "passages": [{"start": 0, "length": 5, "vector": [0.5, 0.25, 0, -1]}, {"start": 5, "length": 5, "vector": [1, 0, 0, 0]}]}
            """, source);
        MappingAssert.SourceFitsStrictMapping(options, source);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Deletes_go_out_as_delete_actions_and_unknown_ids_count_as_done()
    {
        var handler = new RecordingHandler().Respond(200, BulkResponses.Items(("delete", "d1", 200, null, null), ("delete", "gone", 404, null, null)));
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var result = await backend.DeleteAsync(["d1", "gone"]);

        Assert.Equal(2, result.Written);
        Assert.Empty(result.Rejected);
        var lines = handler.Requests[0].Lines;
        WireAssert.SameJson("""{"delete": {"_id": "d1"}}""", lines[0]);
        WireAssert.SameJson("""{"delete": {"_id": "gone"}}""", lines[1]);
        WireAssert.ValidSchema("_global.bulk.OperationContainer", lines[0]);

        WireAssert.AllRequestsValid(handler);
    }

    [SkippableFact]
    public async Task Cancelling_a_write_stops_it_without_retrying()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = TestBackend.WithMapping().Enqueue(_ =>
        {
            cancellation.Cancel();
            throw new TaskCanceledException("cancelled by the caller", null, cancellation.Token);
        });
        var options = TestBackend.Options();
        var time = new InstantTimeProvider();
        using var backend = TestBackend.Create(handler, options, time);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)], cancellation.Token));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Empty(time.Delays);
        WireAssert.AllRequestsValid(handler);
    }

    [Fact]
    public async Task Writing_before_the_index_exists_says_how_to_create_it()
    {
        var handler = new RecordingHandler().Respond(404, """{"error": {"type": "index_not_found_exception", "reason": "no such index [docs]"}, "status": 404}""");
        using var backend = TestBackend.Create(handler, TestBackend.Options());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.UpsertAsync([TestBackend.Document("d1", "one", null, V1)]));

        Assert.Contains("EnsureIndexAsync", error.Message, StringComparison.Ordinal);
        Assert.Contains("'docs'", error.Message, StringComparison.Ordinal);
    }
}
