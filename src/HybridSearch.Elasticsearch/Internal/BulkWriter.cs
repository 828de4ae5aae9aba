using System.Net;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;
using Polly;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// The bulk sink shared by both engines: batches items by count and bytes, sends each batch through a Polly retry
/// pipeline, reads every item's result, resends only the items that failed for a transient reason
/// (<see cref="TransientFailure"/>: 408, 429, 5xx) and returns the ones that failed for good as rejections, with the
/// server's reason. A request that fails as a whole for a transient reason (or a timeout) is retried with all its
/// pending items, after the server's <c>Retry-After</c> when it sent one. A request answered 413 (larger than the server's <c>http.max_content_length</c>, 100mb by default) is
/// split in halves, recursively; a single document still too large is rejected alone. A request that still fails after
/// the last retry, or fails for a reason retrying cannot fix (bad credentials, a missing index), throws
/// <see cref="HttpRequestException"/> at once.
/// </summary>
internal sealed partial class BulkWriter
{
    private readonly Func<IReadOnlyList<BulkItem>, CancellationToken, Task<BulkAttempt>> _send;
    private readonly string _index;
    private readonly ElasticsearchBackendOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<BulkAttempt> _pipeline;

    public BulkWriter(
        Func<IReadOnlyList<BulkItem>, CancellationToken, Task<BulkAttempt>> send,
        string index,
        ElasticsearchBackendOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        Func<double>? randomizer = null)
    {
        _send = send;
        _index = index;
        _options = options;
        _logger = logger;
        _pipeline = BuildPipeline(options, timeProvider, randomizer);
    }

    public async Task<BulkWriteResult> WriteAsync(IReadOnlyList<BulkItem> items, CancellationToken cancellationToken)
    {
        var total = BulkWriteResult.Empty;
        foreach (var batch in BulkBatcher.Split(items, _options.BulkMaxDocuments, _options.BulkMaxBytes))
        {
            total += await WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    /// <summary>Logs items refused before sending (e.g. a layout that cannot hold them).</summary>
    public void LogRejected(IReadOnlyList<DocumentRejection> rejected)
    {
        if (rejected.Count > 0)
        {
            LogRejections(_logger, rejected.Count, _index, rejected[0].Id, rejected[0].Reason);
        }
    }

    private async Task<BulkWriteResult> WriteBatchAsync(List<BulkItem> batch, CancellationToken cancellationToken)
    {
        var (result, tooLarge) = await SendBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        if (!tooLarge)
        {
            return result!;
        }

        if (batch.Count == 1)
        {
            // The server's limit is on the request body, so one document over it can never be written: reject it alone.
            var item = batch[0];
            var rejection = new DocumentRejection(
                item.Id,
                $"request_entity_too_large: the document alone (about {item.Bytes:N0} bytes as JSON) is larger than the server accepts " +
                "in one request (http.max_content_length, 100mb by default)",
                413);
            LogRejected([rejection]);
            return new BulkWriteResult(0, 0, [rejection]);
        }

        LogSplitting(_logger, batch.Count, _index);
        var half = batch.Count / 2;
        var first = await WriteBatchAsync(batch[..half], cancellationToken).ConfigureAwait(false);
        var second = await WriteBatchAsync(batch[half..], cancellationToken).ConfigureAwait(false);
        return first + second;
    }

    // One batch through the retry pipeline; a 413 is reported, not thrown, so the caller can split the batch.
    private async Task<(BulkWriteResult? Result, bool TooLarge)> SendBatchAsync(List<BulkItem> batch, CancellationToken cancellationToken)
    {
        var state = new BatchState(this, batch);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        BulkAttempt last;
        try
        {
            last = await _pipeline.ExecuteAsync(
                static async (ctx, s) => await s.SendPendingAsync(ctx.CancellationToken).ConfigureAwait(false), context, state)
                .ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (last.Items is null && last.FailureStatus == 413)
        {
            return (null, true);
        }

        if (last.Items is null)
        {
            var what = last.IsRetryableFailure ? $"after {_options.MaxRetries} retries" : "and retrying cannot fix it";
            throw new HttpRequestException(
                $"Bulk request to '{_index}' at {_options.ClusterLabel} failed {what}: " +
                $"{(last.FailureStatus is { } s ? $"HTTP {s}" : "no response")}: {last.FailureReason}",
                null,
                last.FailureStatus is { } status ? (HttpStatusCode)status : null);
        }

        // Items still pending got a transient error on the last attempt: they have run out of retries.
        foreach (var (item, outcome) in state.Pending)
        {
            state.Dead.Add(new DocumentRejection(
                item.Id, $"{outcome.ErrorType}: {outcome.Reason} (gave up after {_options.MaxRetries} retries)", outcome.Status));
        }

        LogRejected(state.Dead);
        return (new BulkWriteResult(state.Written, state.Retried, state.Dead), false);
    }

    private static ResiliencePipeline<BulkAttempt> BuildPipeline(
        ElasticsearchBackendOptions options, TimeProvider timeProvider, Func<double>? randomizer) =>
        RetryPipelines.Create<BulkAttempt>(options, timeProvider, randomizer, NeedsRetry, retryAfter: static a => a.RetryAfter);

    private static bool NeedsRetry(BulkAttempt attempt) =>
        attempt.IsRetryableFailure || (attempt.Items is { } items && items.Any(static o => TransientFailure.IsTransientStatus(o.Status)));

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "{Count} documents for '{Index}' were refused for good; first: '{Id}': {Reason}")]
    private static partial void LogRejections(ILogger logger, int count, string index, string id, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "A bulk request of {Count} documents to '{Index}' was too large for the server (HTTP 413); sending it in halves")]
    private static partial void LogSplitting(ILogger logger, int count, string index);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Resending {Count} bulk items to '{Index}' (attempt {Attempt}): {Reason}")]
    private static partial void LogResending(ILogger logger, int count, string index, int attempt, string reason);

    /// <summary>Per-batch bookkeeping; owned by one WriteBatchAsync call, mutated only between attempts.</summary>
    private sealed class BatchState
    {
        private readonly BulkWriter _owner;
        private int _attempts;

        public BatchState(BulkWriter owner, List<BulkItem> batch)
        {
            _owner = owner;
            Pending = new List<(BulkItem, BulkItemOutcome)>(batch.Count);
            foreach (var item in batch)
            {
                Pending.Add((item, default));
            }
        }

        public List<(BulkItem Item, BulkItemOutcome Outcome)> Pending { get; private set; }

        public List<DocumentRejection> Dead { get; } = [];

        public long Written { get; private set; }

        public long Retried { get; private set; }

        public async Task<BulkAttempt> SendPendingAsync(CancellationToken cancellationToken)
        {
            var items = new BulkItem[Pending.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = Pending[i].Item;
            }

            if (_attempts++ > 0)
            {
                Retried += items.Length;
                LogResending(_owner._logger, items.Length, _owner._index, _attempts, Pending[0].Outcome.Reason ?? "request failed");
            }

            var attempt = await _owner._send(items, cancellationToken).ConfigureAwait(false);
            if (attempt.Items is not { } outcomes)
            {
                for (var i = 0; i < Pending.Count; i++)
                {
                    Pending[i] = (Pending[i].Item, new BulkItemOutcome(
                        attempt.FailureStatus ?? 0, "request_failed", attempt.FailureReason));
                }

                return attempt;
            }

            if (outcomes.Count != items.Length)
            {
                throw new InvalidOperationException(
                    $"Bulk response from '{_owner._index}' has {outcomes.Count} items for {items.Length} operations.");
            }

            var stillPending = new List<(BulkItem, BulkItemOutcome)>();
            for (var i = 0; i < items.Length; i++)
            {
                var outcome = outcomes[i];
                if (outcome.Status is >= 200 and < 300 || (items[i].IsDelete && outcome.Status == 404))
                {
                    Written++;
                }
                else if (TransientFailure.IsTransientStatus(outcome.Status))
                {
                    stillPending.Add((items[i], outcome));
                }
                else if (outcome.Status == 409 && items[i].Revision is { } revision)
                {
                    // Another writer changed the document after it was read: its version stands, and is reported.
                    Dead.Add(new DocumentRejection(
                        items[i].Id,
                        $"{outcome.ErrorType}: {outcome.Reason} (changed by another writer after it was read at seq_no " +
                        $"{revision.SequenceNumber}, primary term {revision.PrimaryTerm}; left as that writer made it, and a " +
                        "later backfill run encodes it again if it still needs vectors)",
                        outcome.Status));
                }
                else
                {
                    Dead.Add(new DocumentRejection(items[i].Id, $"{outcome.ErrorType}: {outcome.Reason}", outcome.Status));
                }
            }

            Pending = stillPending;
            return attempt;
        }
    }
}
