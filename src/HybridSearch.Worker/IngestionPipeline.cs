using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using HybridSearch.Encoding;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using HybridSearch.Worker.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridSearch.Worker;

/// <summary>
/// Reads documents from an <see cref="IDocumentSource"/>, chunks them, batches them by tokens, encodes them in parallel
/// and upserts them into an <see cref="ISearchBackend"/>, every stage joined by a bounded queue. A durable checkpoint
/// follows the sink's acknowledgements (and the index's commit), so a run killed at any moment resumes without losing or
/// duplicating a document; bad records go to a dead-letter file and the run continues. Cancelling the token of
/// <see cref="RunAsync"/> stops reading, drains what is in flight, checkpoints and returns. The worker's hosted service
/// and the CLI's <c>ingest</c> both run this class.
/// </summary>
public sealed class IngestionPipeline : IDisposable
{
    private readonly ITextEncoder _encoder;
    private readonly ISearchBackend _backend;
    private readonly IngestionOptions _options;
    private readonly IndexCommitHandler? _commit;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IngestionMetrics _metrics;

    /// <summary>Creates a pipeline; <paramref name="options"/> are validated here.</summary>
    /// <param name="encoder">The document encoder.</param>
    /// <param name="backend">The index written to.</param>
    /// <param name="options">Batching, parallelism, checkpoint and retry settings.</param>
    /// <param name="commit">Makes acknowledged writes durable before each checkpoint; null when writes are durable on return.</param>
    /// <param name="loggerFactory">Logs; none by default.</param>
    /// <param name="timeProvider">Clock for batching, checkpoints and retry delays; the system clock by default.</param>
    /// <param name="meterFactory">Creates the pipeline's meter; a standalone meter by default.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is out of range.</exception>
    public IngestionPipeline(
        ITextEncoder encoder,
        ISearchBackend backend,
        IngestionOptions options,
        IndexCommitHandler? commit = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(backend);
        IngestionOptionsValidator.ThrowIfInvalid(options);
        _encoder = encoder;
        _backend = backend;
        _options = options;
        _commit = commit;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<IngestionPipeline>();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _metrics = new IngestionMetrics(meterFactory);
    }

    /// <summary>
    /// Ingests <paramref name="source"/> from its last checkpoint to its end (or, for an unbounded source, until
    /// cancelled). Cancellation is a graceful stop: reading stops, in-flight documents are written and checkpointed
    /// within <see cref="IngestionOptions.DrainTimeout"/>, and the summary says <see cref="IngestionSummary.Stopped"/>.
    /// </summary>
    /// <exception cref="IngestionException">The index or the encoder failed for good; the checkpoint is kept.</exception>
    /// <exception cref="InvalidDataException">The checkpoint belongs to another source or no longer matches it.</exception>
    public async Task<IngestionSummary> RunAsync(
        IDocumentSource source, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var paths = StatePaths(source, _options);
        using var run = new IngestionRun(
            source, _encoder, _backend, _options, _commit, _logger, _timeProvider, _metrics, progress, paths.Checkpoint, paths.DeadLetters);
        return await run.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Where the checkpoint and dead letters of <paramref name="source"/> are kept: the configured paths, or files in
    /// <see cref="IngestionOptions.StateDirectory"/> named after the source.
    /// </summary>
    public static (string Checkpoint, string DeadLetters) StatePaths(IDocumentSource source, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var stem = StateFileStem(source.Name);
        return (Path.GetFullPath(options.CheckpointPath ?? Path.Combine(options.StateDirectory, stem + ".checkpoint.json")),
            Path.GetFullPath(options.DeadLetterPath ?? Path.Combine(options.StateDirectory, stem + ".deadletter.jsonl")));
    }

    /// <summary>Releases the pipeline's meter (when it created its own).</summary>
    public void Dispose() => _metrics.Dispose();

    // The source's file name for people, plus a hash of its full name so two sources never share state files.
    private static string StateFileStem(string sourceName)
    {
        var name = Path.GetFileName(sourceName.TrimEnd('/', '\\'));
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sourceName)))[..12];
        return safe.Length == 0 ? hash : $"{safe}-{hash}";
    }
}
