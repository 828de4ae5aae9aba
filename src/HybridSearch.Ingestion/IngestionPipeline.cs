using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using HybridSearch.Ingestion.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridSearch.Ingestion;

/// <summary>
/// Reads documents from an <see cref="IDocumentSource"/>, chunks them, batches them by tokens, encodes them in parallel
/// and upserts them through an <see cref="IIndexWriter"/>, every stage joined by a bounded queue. A durable checkpoint
/// follows the index's acknowledgements and its commit, so a run killed at any moment resumes without losing or
/// duplicating a document. Bad records and documents the index refuses go to one dead-letter file, counted in the summary,
/// and the run continues; failures retrying cannot fix end it. Cancelling the token of <see cref="RunAsync"/> stops
/// reading, drains what is in flight, checkpoints and returns. The worker, the CLI's <c>ingest</c>, <c>eval</c>'s index
/// build and web apps all run this class.
/// </summary>
public sealed class IngestionPipeline : IDisposable
{
    private readonly ITextEncoder _encoder;
    private readonly IIndexWriter _index;
    private readonly IngestionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IngestionMetrics _metrics;

    /// <summary>Creates a pipeline; <paramref name="options"/> are validated here.</summary>
    /// <param name="encoder">The document encoder.</param>
    /// <param name="index">The index written to; its commit runs before each checkpoint.</param>
    /// <param name="options">Batching, parallelism, checkpoint and retry settings.</param>
    /// <param name="loggerFactory">Logs; none by default.</param>
    /// <param name="timeProvider">Clock for batching, checkpoints and retry delays; the system clock by default.</param>
    /// <param name="meterFactory">Creates the pipeline's meter; a standalone meter by default.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is out of range.</exception>
    public IngestionPipeline(
        ITextEncoder encoder,
        IIndexWriter index,
        IngestionOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(index);
        IngestionOptionsValidator.ThrowIfInvalid(options);
        _encoder = encoder;
        _index = index;
        _options = options;
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
            source, _encoder, _index, _options, _logger, _timeProvider, _metrics, progress, paths.Checkpoint, paths.DeadLetters);
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

    /// <summary>
    /// What an index records about how <paramref name="options"/> cut passages for <paramref name="documentEncoder"/>
    /// (its <see cref="HybridSearch.Chunking.ChunkingSetting"/>: <c>truncate</c>, or
    /// <c>passages:MAX:OVERLAP:SENTENCEAWARE:FRACTION</c>); open an embedded index with it so that one built another way
    /// is refused rather than filled with incomparable passages.
    /// </summary>
    public static string ChunkingSetting(ITextEncoder documentEncoder, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        ArgumentNullException.ThrowIfNull(options);
        return new DocumentChunker(documentEncoder, options.Chunking, options.PassageOverlapTokens).Setting;
    }

    /// <summary>
    /// The content hash the pipeline stamps on each document it writes with these settings; a backfill source compares
    /// stored hashes with it to find documents whose vectors are stale.
    /// </summary>
    public static Func<SearchDocument, string> ContentHasher(ITextEncoder documentEncoder, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        ArgumentNullException.ThrowIfNull(options);
        return new DocumentChunker(documentEncoder, options.Chunking, options.PassageOverlapTokens).ContentHash;
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
