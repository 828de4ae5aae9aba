using System.Text.Json;
using HybridSearch.Search;
using HybridSearch.Ingestion.Tests.Fakes;
using HybridSearch.Testing;

namespace HybridSearch.Ingestion.Tests;

public sealed class IngestionPipelineTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    // One write per encoded batch: the crash and outage tests count writes.
    private IngestionOptions Options(int batchSize = 4, int parallelism = 3) => new()
    {
        BatchSize = batchSize,
        WriteBatchSize = batchSize,
        EncoderParallelism = parallelism,
        QueueCapacity = 8,
        StateDirectory = _state.Path,
        CheckpointInterval = TimeSpan.FromMilliseconds(20),
        BatchTimeout = TimeSpan.FromMilliseconds(20),
        Retry = new IngestionRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
    };

    [Fact]
    public async Task Every_document_is_written_once_with_its_own_vector_even_when_batches_finish_out_of_order()
    {
        var source = ListSource.Numbered(200);
        var sink = new FakeSink();
        var pipeline = new IngestionPipeline(TestEncoders.Open(randomDelays: true), sink, Options());

        var summary = await pipeline.RunAsync(source);

        Assert.Equal(200, summary.Written);
        Assert.Equal(200, summary.Done);
        Assert.False(summary.Stopped);
        Assert.Equal(200, sink.Durable.Count);
        Assert.All(sink.UpsertCounts.Values, count => Assert.Equal(1, count));
        foreach (var (id, document) in sink.Durable)
        {
            Assert.Equal(id, document.Document.Id);
            Assert.Equal(TestEncoders.Expected(document.Document.EncodingText), document.Passages.Single().Vector);
        }
    }

    [Fact]
    public async Task Documents_the_index_refuses_one_by_one_go_to_the_one_dead_letter_file_once_and_are_not_counted_as_written()
    {
        var source = ListSource.Numbered(200);
        var sink = new FakeSink();
        var refused = Enumerable.Range(0, 16).Select(i => $"doc-{i * 12}").ToList();
        foreach (var id in refused)
        {
            sink.Refuse[id] = "mapper_parsing_exception: failed to parse field [metadata.year]";
        }

        var pipeline = new IngestionPipeline(TestEncoders.Open(), sink, Options());
        var summary = await pipeline.RunAsync(source);
        var again = await pipeline.RunAsync(source);

        Assert.Equal(184, summary.Written);
        Assert.Equal(16, summary.DeadLettered);
        Assert.Equal(200, summary.Done);
        Assert.Equal(0, again.Read);
        Assert.Equal(184, sink.Durable.Count);
        Assert.DoesNotContain(refused, sink.Durable.ContainsKey);
        var letters = File.ReadAllLines(summary.DeadLetterPath).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(refused.Order(StringComparer.Ordinal), letters.Select(l => l.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(letters, l =>
        {
            Assert.Equal(400, l.GetProperty("status").GetInt32());
            Assert.Contains("mapper_parsing_exception", l.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(source.Name, l.GetProperty("source").GetString());
            Assert.True(l.TryGetProperty("time", out _));
        });
    }

    [Fact]
    public async Task Long_documents_are_split_into_overlapping_passages_that_each_get_their_vector()
    {
        var words = string.Join(' ', Enumerable.Range(0, 150).Select(i => $"w{i}"));
        var source = new ListSource([new SearchDocument("long", words)]);
        var sink = new FakeSink();
        var options = Options();
        options.PassageOverlapTokens = 10;
        var pipeline = new IngestionPipeline(TestEncoders.Open(maxTokens: 52), sink, options);

        await pipeline.RunAsync(source);

        var passages = sink.Durable["long"].Passages;
        Assert.Equal(4, passages.Count); // windows of 50 words stepping 40: 0-49, 40-89, 80-129, 120-149
        Assert.StartsWith("w0 ", words.Substring(passages[0].Start, passages[0].Length), StringComparison.Ordinal);
        Assert.StartsWith("w40 ", words.Substring(passages[1].Start, passages[1].Length), StringComparison.Ordinal);
        Assert.EndsWith("w149", words.Substring(passages[3].Start, passages[3].Length), StringComparison.Ordinal);
        foreach (var passage in passages)
        {
            Assert.Equal(TestEncoders.Expected(words.Substring(passage.Start, passage.Length)), passage.Vector);
        }
    }

    [Fact]
    public async Task A_rerun_after_a_crash_completes_the_job_with_every_document_exactly_once()
    {
        var source = ListSource.Numbered(300);
        var sink = new FakeSink { CrashAfterWrites = 30 };
        var options = Options();
        options.CheckpointInterval = TimeSpan.FromTicks(1);
        var pipeline = new IngestionPipeline(TestEncoders.Open(randomDelays: true), sink, options);

        await Assert.ThrowsAsync<IngestionException>(() => pipeline.RunAsync(source));
        sink.Crash();
        var durableAfterCrash = sink.Durable.Count;
        var summary = await pipeline.RunAsync(source);

        Assert.NotNull(summary.ResumedFrom);
        Assert.Equal(300, sink.Durable.Count);
        Assert.Equal(300, summary.Done);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"doc-{i}").Order(), sink.Durable.Keys.Order());
        Assert.True(summary.Read < 300, $"the rerun read {summary.Read} records; it should resume after its checkpoint");
        Assert.True(durableAfterCrash > 0, "the crashed run should have committed something");
    }

    [Fact]
    public async Task The_checkpoint_on_disk_never_names_a_record_the_index_has_not_made_durable()
    {
        var source = ListSource.Numbered(400);
        var sink = new FakeSink();
        var options = Options(batchSize: 3);
        var pipeline = new IngestionPipeline(TestEncoders.Open(randomDelays: true), sink, options);
        var checkpointPath = IngestionPipeline.StatePaths(source, options).Checkpoint;
        var checks = 0;
        sink.BeforeCommit = durable =>
        {
            if (!File.Exists(checkpointPath))
            {
                return;
            }

            using var json = JsonDocument.Parse(File.ReadAllBytes(checkpointPath));
            var cursor = int.Parse(json.RootElement.GetProperty("Cursor").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i <= cursor; i++)
            {
                Assert.Contains($"doc-{i}", durable);
            }

            checks++;
        };

        await pipeline.RunAsync(source);

        Assert.True(checks > 3, $"only {checks} checkpoints were checked");
    }

    [Fact]
    public async Task The_reader_waits_when_downstream_is_stalled_so_memory_stays_bounded()
    {
        var source = ListSource.Numbered(5_000);
        var sink = new FakeSink();
        var encoder = new GatedEncoder(TestEncoders.Open());
        var options = Options();
        var pipeline = new IngestionPipeline(encoder, sink, options);

        var run = pipeline.RunAsync(source);
        var pulled = -1;
        while (pulled != source.Pulled)
        {
            pulled = source.Pulled;
            await Task.Delay(100);
        }

        var bound = HybridSearch.Ingestion.Internal.IngestionRun.MaxInFlight(options) + 1;
        Assert.InRange(source.Pulled, 1, bound);
        encoder.Open();
        var summary = await run;
        Assert.Equal(5_000, summary.Written);
    }

    [Fact]
    public async Task A_stop_request_stops_reading_drains_in_flight_documents_and_checkpoints_them()
    {
        var source = new ListSource([], endless: true);
        var sink = new FakeSink();
        var options = Options();
        var pipeline = new IngestionPipeline(TestEncoders.Open(), sink, options);
        using var stop = new CancellationTokenSource();

        var run = pipeline.RunAsync(source, cancellationToken: stop.Token);
        await Until(() => sink.Durable.Count >= 50, run);

        await stop.CancelAsync();
        var summary = await run;

        Assert.True(summary.Stopped);
        Assert.Equal(summary.Read, summary.Written);
        Assert.Equal(summary.Read, sink.Durable.Count);
        var checkpoint = JsonDocument.Parse(File.ReadAllBytes(IngestionPipeline.StatePaths(source, options).Checkpoint)).RootElement;
        Assert.Equal((summary.Read - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), checkpoint.GetProperty("Cursor").GetString());

        using var stopAgain = new CancellationTokenSource();
        var rerun = pipeline.RunAsync(source, cancellationToken: stopAgain.Token);
        await Until(() => sink.Durable.Count >= summary.Read + 50, rerun);

        await stopAgain.CancelAsync();
        var second = await rerun;
        Assert.Equal(summary.Read + second.Read, sink.Durable.Count);
        Assert.All(sink.UpsertCounts.Values, count => Assert.Equal(1, count));
        Assert.All(Enumerable.Range(0, sink.Durable.Count), i => Assert.Contains($"doc-{i}", sink.Durable.Keys));
    }

    [Fact]
    public async Task Batches_waiting_for_a_slow_index_are_joined_into_larger_writes_of_at_most_the_write_batch_size()
    {
        var source = ListSource.Numbered(120);
        var sink = new FakeSink { WriteDelay = TimeSpan.FromMilliseconds(30) };
        var options = Options();
        options.WriteBatchSize = 16;
        options.QueueCapacity = 64;

        var summary = await new IngestionPipeline(TestEncoders.Open(), sink, options).RunAsync(source);

        Assert.Equal(120, sink.Durable.Count);
        Assert.Equal(120, summary.Written);
        Assert.All(sink.WriteSizes, size => Assert.InRange(size, 1, 16));
        Assert.Contains(sink.WriteSizes, size => size > 4);
    }

    [Fact]
    public async Task An_index_outage_pauses_the_pipeline_and_retries_until_every_document_is_written()
    {
        var source = ListSource.Numbered(40);
        var sink = new FakeSink { FailNextWrites = 6 };
        var pipeline = new IngestionPipeline(TestEncoders.Open(), sink, Options());

        var summary = await pipeline.RunAsync(source);

        Assert.Equal(40, summary.Written);
        Assert.Equal(40, sink.Durable.Count);
        Assert.True(sink.WriteAttempts >= 6 + (40 / 4));
    }

    [Fact]
    public async Task A_limited_number_of_attempts_fails_the_run_without_advancing_the_checkpoint_past_unwritten_documents()
    {
        var source = ListSource.Numbered(40);
        var sink = new FakeSink { FailNextWrites = 1000 };
        var options = Options();
        options.Retry.MaxAttempts = 3;
        var pipeline = new IngestionPipeline(TestEncoders.Open(), sink, options);

        var error = await Assert.ThrowsAsync<IngestionException>(() => pipeline.RunAsync(source));

        Assert.Contains("MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Durable);
        Assert.False(File.Exists(IngestionPipeline.StatePaths(source, options).Checkpoint));
    }

    [Fact]
    public async Task A_document_the_encoder_rejects_is_dead_lettered_and_its_batch_mates_are_written()
    {
        var source = new ListSource([
            new SearchDocument("a", "fine text"), new SearchDocument("b", "a " + UnreliableEncoder.Poison + " text"),
            new SearchDocument("c", "more fine text")]);
        var sink = new FakeSink();
        var pipeline = new IngestionPipeline(TestEncoders.Open(), sink, Options(batchSize: 8, parallelism: 1));

        var summary = await pipeline.RunAsync(source);

        Assert.Equal(["a", "c"], sink.Durable.Keys.Order());
        Assert.Equal(1, summary.DeadLettered);
        var letter = JsonDocument.Parse(File.ReadAllLines(summary.DeadLetterPath).Single()).RootElement;
        Assert.Equal("b", letter.GetProperty("id").GetString());
        Assert.Contains("could not be encoded", letter.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_reports_documents_done_against_the_source_total()
    {
        var reports = new List<IngestionProgress>();
        var sink = new FakeSink();
        var pipeline = new IngestionPipeline(TestEncoders.Open(), sink, Options());

        await pipeline.RunAsync(ListSource.Numbered(30), new SynchronousProgress(reports.Add));

        var last = reports[^1];
        Assert.Equal(30, last.Done);
        Assert.Equal(30, last.Total);
        Assert.Equal(30, last.Written);
        Assert.True(last.DocumentsPerSecond > 0);
    }

    // Waits for a condition while the run is going; a run that ends or fails first is reported, never waited on forever.
    private static async Task Until(Func<bool> condition, Task run)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            if (run.IsCompleted)
            {
                await run;
                Assert.Fail("the run ended before the condition held");
            }

            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 2 minutes");
            await Task.Delay(10);
        }
    }

    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }

    [Fact]
    public async Task The_backfill_compares_stored_hashes_with_the_hash_the_pipeline_writes()
    {
        var encoder = TestEncoders.Open();
        var options = new IngestionOptions { StateDirectory = _state.File("state"), PassageOverlapTokens = 8 };
        var document = new SearchDocument("d1", "Cells divide by mitosis.", "Mitosis");
        var sink = new FakeSink();
        using (var pipeline = new IngestionPipeline(encoder, sink, options))
        {
            await pipeline.RunAsync(new ListSource([document]));
        }

        Assert.Equal(sink.Durable["d1"].ContentHash, IngestionPipeline.ContentHasher(encoder, options)(document));
    }
}
