using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;

namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// One run of the pipeline: read → chunk → batch → encode (× parallelism) → write, each arrow a bounded channel.
/// Threads: one task per stage (the encoders share their input); the writer alone upserts, commits and checkpoints, so
/// those never race. Two tokens: the caller's token stops reading (a graceful stop), <see cref="_abort"/> stops every
/// stage (a failure, or a drain that outlived <see cref="IngestionOptions.DrainTimeout"/>).
/// </summary>
internal sealed partial class IngestionRun : IDisposable
{
    private readonly IDocumentSource _source;
    private readonly ITextEncoder _encoder;
    private readonly IIndexWriter _index;
    private readonly IngestionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IngestionMetrics _metrics;
    private readonly IProgress<IngestionProgress>? _progress;
    private readonly CheckpointStore _store;
    private readonly string _deadLetterPath;
    private readonly RetryPolicy _retry;
    private readonly DocumentChunker _chunker;
    private readonly Channel<(long Sequence, SourceRecord Record)> _records;
    private readonly Channel<PreparedDocument> _prepared;
    private readonly Channel<EncodeBatch> _batches;
    private readonly Channel<WriteBatch> _encoded;
    private readonly CancellationTokenSource _abort;
    private WatermarkTracker _tracker = null!;
    private Checkpoint? _start;
    private long _startTimestamp;
    private long _read;
    private long _writtenThisRun;
    private long _deadLetteredThisRun;
    private long _total = -1;

    public IngestionRun(
        IDocumentSource source,
        ITextEncoder encoder,
        IIndexWriter index,
        IngestionOptions options,
        ILogger logger,
        TimeProvider timeProvider,
        IngestionMetrics metrics,
        IProgress<IngestionProgress>? progress,
        string checkpointPath,
        string deadLetterPath)
    {
        _source = source;
        _encoder = encoder;
        _index = index;
        _options = options;
        _logger = logger;
        _time = timeProvider;
        _metrics = metrics;
        _progress = progress;
        _store = new CheckpointStore(checkpointPath);
        _deadLetterPath = deadLetterPath;
        _retry = new RetryPolicy(options.Retry, timeProvider, logger, metrics);
        _chunker = new DocumentChunker(encoder, options.Chunking, options.PassageOverlapTokens);
        _records = Bounded<(long, SourceRecord)>(options.QueueCapacity, singleReader: true);
        _prepared = Bounded<PreparedDocument>(options.QueueCapacity, singleReader: true);
        _batches = Bounded<EncodeBatch>(BatchQueueCapacity(options), singleReader: false);
        _encoded = Bounded<WriteBatch>(EncodedQueueCapacity(options), singleReader: true);
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
    }

    /// <summary>
    /// Most records registered and not yet checkpointable: everything the queues and stages can hold, plus room for bad
    /// records, which skip the queues. The reader waits beyond it, so memory stays bounded even behind a stalled record.
    /// </summary>
    public static int MaxInFlight(IngestionOptions options) =>
        (3 * options.QueueCapacity) +
        (((4 * BatchQueueCapacity(options)) + EncodedQueueCapacity(options) + options.EncoderParallelism + 2) * options.BatchSize) +
        options.WriteBatchSize;

    private static int BatchQueueCapacity(IngestionOptions options) => Math.Max(2, options.EncoderParallelism);

    // Room for a whole write's worth of encoded batches to wait, so that a slow index gets writes of WriteBatchSize.
    private static int EncodedQueueCapacity(IngestionOptions options) =>
        Math.Max(BatchQueueCapacity(options), (options.WriteBatchSize + options.BatchSize - 1) / options.BatchSize);

    private static Channel<T> Bounded<T>(int capacity, bool singleReader) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = singleReader,
            SingleWriter = !singleReader,
        });

    public async Task<IngestionSummary> RunAsync(CancellationToken stopToken)
    {
        _startTimestamp = _time.GetTimestamp();
        _start = _store.Load();
        if (_start is not null && !string.Equals(_start.Source, _source.Name, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"Checkpoint {_store.Path} belongs to source {_start.Source}, not {_source.Name}; set another checkpoint path.");
        }

        using var deadLetters = new DeadLetterWriter(_deadLetterPath, _start?.DeadLetterBytes ?? 0);
        using var tracker = new WatermarkTracker(MaxInFlight(_options), deadLetters, _start);
        _tracker = tracker;
        Log.Starting(_logger, _source.Name, _start?.Cursor is { } cursor ? $"checkpoint {cursor}" : "the start");
        _metrics.TrackQueues(
            ("records", () => _records.Reader.Count), ("prepared", () => _prepared.Reader.Count),
            ("batches", () => _batches.Reader.Count), ("encoded", () => _encoded.Reader.Count));

        await _retry.ExecuteAsync("Preparing the index", ct => _index.EnsureIndexAsync(_encoder.Identity, ct), stopToken)
            .ConfigureAwait(false);
        _ = CountAsync(stopToken);
        using var drain = stopToken.UnsafeRegister(_ => OnStop(), null);
        await RunStagesAsync(stopToken).ConfigureAwait(false);
        return Summarize(stopToken.IsCancellationRequested && !_sourceExhausted);
    }

    private void OnStop()
    {
        Log.Stopping(_logger, _tracker.InFlight);
        _abort.CancelAfter(_options.DrainTimeout);
    }

    private async Task RunStagesAsync(CancellationToken stopToken)
    {
        using var readToken = CancellationTokenSource.CreateLinkedTokenSource(stopToken, _abort.Token);
        var encoders = new Task[_options.EncoderParallelism];
        var token = _abort.Token;
        var reader = StageAsync(() => ReadAsync(readToken.Token, token), _records.Writer);
        var chunker = StageAsync(() => ChunkAsync(token), _prepared.Writer);
        var batcher = StageAsync(() => BatchAsync(token), _batches.Writer);
        for (var i = 0; i < encoders.Length; i++)
        {
            encoders[i] = StageAsync(() => EncodeAsync(token), output: null);
        }

        var encoding = StageAsync(() => Task.WhenAll(encoders), _encoded.Writer);
        var writer = StageAsync(() => WriteAsync(token), output: null);
        try
        {
            await Task.WhenAll(reader, chunker, batcher, encoding, writer).ConfigureAwait(false);
        }
        catch (Exception) when (_abort.IsCancellationRequested)
        {
            var failure = FirstFailure([reader, chunker, batcher, .. encoders, writer]);
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            Log.DrainTimedOut(_logger, _options.DrainTimeout);
            throw new IngestionException(
                $"Draining {_source.Name} did not finish within HybridSearch:Ingestion:DrainTimeout ({_options.DrainTimeout}); " +
                $"the next run resumes from checkpoint {_store.Path}.");
        }
    }

    public void Dispose() => _abort.Dispose();

    // Runs a stage; on failure the stage's output is completed with the error and every other stage is aborted.
    private async Task StageAsync<T>(Func<Task> body, ChannelWriter<T>? output)
    {
        try
        {
            await body().ConfigureAwait(false);
            output?.TryComplete();
        }
        catch (Exception e)
        {
            output?.TryComplete(e);
            await _abort.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private Task StageAsync(Func<Task> body, ChannelWriter<WriteBatch>? output) => StageAsync<WriteBatch>(body, output);

    // The error that brought the run down, rather than the cancellations it caused in the other stages.
    private static Exception? FirstFailure(Task[] stages)
    {
        foreach (var stage in stages)
        {
            if (stage.Exception is { } aggregate)
            {
                foreach (var e in aggregate.Flatten().InnerExceptions)
                {
                    if (e is not OperationCanceledException)
                    {
                        return e;
                    }
                }
            }
        }

        return null;
    }
}
