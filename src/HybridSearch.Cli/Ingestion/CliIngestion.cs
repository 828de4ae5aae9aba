using System.Security.Cryptography;
using HybridSearch.Chunking;
using HybridSearch.Elasticsearch;
using HybridSearch.Embedded;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;

namespace HybridSearch.Cli.Ingestion;

/// <summary>
/// The foreground ingestion behind <c>ingest</c>: the <see cref="IngestionPipeline"/> the worker also runs (bounded stages,
/// checkpoint after each durable write, one dead-letter file) over a file or folder, into the embedded index or
/// Elasticsearch. The checkpoint lives beside the index, so rerunning an interrupted command resumes it and
/// rerunning a finished one reads only what was appended since.
/// </summary>
internal static class CliIngestion
{
    /// <summary>Folder inside an embedded index that keeps the checkpoints and dead letters of its ingestions.</summary>
    public const string StateFolderName = "ingest-state";

    /// <summary>Runs one ingestion. Cancelling <paramref name="cancellationToken"/> stops it gracefully (checkpoint kept).</summary>
    /// <param name="settings">What to ingest where.</param>
    /// <param name="loadEncoder">Loads the document encoder for a model name.</param>
    /// <param name="progress">Receives progress reports; may be null.</param>
    /// <param name="loggerFactory">Logs of the pipeline (retries, dead letters).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<IngestOutcome> RunAsync(
        IngestSettings settings,
        Func<string, ITextEncoder> loadEncoder,
        IProgress<IngestionProgress>? progress,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loadEncoder);
        if (!File.Exists(settings.Input) && !Directory.Exists(settings.Input))
        {
            throw new CliException($"--input '{settings.Input}' is neither a file nor a folder");
        }

        if (settings.BatchSize <= 0)
        {
            throw new CliException($"--batch-size must be positive, got {settings.BatchSize}");
        }

        var (recordedModel, recordedChunking) = await ReadRecordedSettingsAsync(settings, cancellationToken).ConfigureAwait(false);
        var encoder = loadEncoder(settings.Model ?? recordedModel ?? Commands.EncoderLoader.DefaultModel);
        var chunking = settings.Chunking ?? ChunkingSetting.ModeOf(recordedChunking) ?? ChunkingMode.Passages;
        var options = new IngestionOptions
        {
            Chunking = chunking,
            StateDirectory = settings.StateDirectory ?? DefaultStateDirectory(settings),
        };
        var source = DocumentSources.FromPath(settings.Input, options.MaxTextChars);
        var target = await OpenAsync(settings, encoder, IngestionPipeline.ChunkingSetting(encoder, options), chunking, loggerFactory, cancellationToken)
            .ConfigureAwait(false);
        await using (target.ConfigureAwait(false))
        {
            if (settings.FromStart)
            {
                var (checkpoint, deadLetters) = IngestionPipeline.StatePaths(source, options);
                File.Delete(checkpoint);
                File.Delete(deadLetters);
            }

            using var pipeline = new IngestionPipeline(encoder, target.Writer, options, loggerFactory);
            var summary = await pipeline.RunAsync(source, progress, cancellationToken).ConfigureAwait(false);
            if (settings.Optimize && !summary.Stopped && summary.Written > 0 && target.Writer.GetService<IIndexOptimizer>() is { } optimizer)
            {
                await optimizer.OptimizeAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }

            var description = await target.Search.DescribeAsync(CancellationToken.None).ConfigureAwait(false);
            var label = settings.IndexDirectory ?? Commands.IndexTargetOptions.Label(settings.Elasticsearch!);
            return new IngestOutcome(summary, description, label);
        }
    }

    // The embedded index refuses one built with other passage settings; Elasticsearch gets the layout the chunking needs.
    private static async Task<OpenedTarget> OpenAsync(
        IngestSettings settings,
        ITextEncoder encoder,
        string chunkingSetting,
        ChunkingMode chunking,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        if (settings.IndexDirectory is { } directory)
        {
            var index = await EmbeddedIndex.OpenAsync(
                    directory, new EmbeddedIndexOptions { ExpectedEncoder = encoder.Identity, Chunking = chunkingSetting }, cancellationToken)
                .ConfigureAwait(false);
            return new OpenedTarget(index, index, index);
        }

        var options = settings.Elasticsearch ?? throw new InvalidOperationException("An ingest names an index directory or a cluster.");
        options.NestedPassages = chunking == ChunkingMode.Passages;
        var backend = ElasticsearchBackend.Create(options, loggerFactory);
        return new OpenedTarget(backend, backend, backend);
    }

    private sealed record OpenedTarget(IIndexWriter Writer, ISearchBackend Search, object Owner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            if (Owner is IAsyncDisposable asyncDisposable)
            {
                return asyncDisposable.DisposeAsync();
            }

            (Owner as IDisposable)?.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Where checkpoints go when <c>--state</c> is not given: inside the embedded index (the index only manages its own
    /// files), or under <c>.hybridsearch/ingest-state</c> per Elasticsearch cluster and index, so that ingesting one file
    /// into two targets keeps two checkpoints.
    /// </summary>
    public static string DefaultStateDirectory(IngestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.IndexDirectory is { } directory)
        {
            return Path.Combine(directory, StateFolderName);
        }

        var cluster = settings.Elasticsearch;
        var target = $"{cluster?.Url?.ToString() ?? cluster?.CloudId}|{cluster?.IndexName}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(target)))[..12];
        var safeName = string.Concat((cluster?.IndexName ?? "index").Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return Path.Combine(".hybridsearch", StateFolderName, $"{safeName}-{hash}");
    }

    // An existing embedded index says which model and chunking it was built with, so a rerun needs neither option.
    private static async Task<(string? Model, string? Chunking)> ReadRecordedSettingsAsync(
        IngestSettings settings, CancellationToken cancellationToken)
    {
        if (settings.IndexDirectory is not { } directory || !EmbeddedIndex.Exists(directory))
        {
            return (null, null);
        }

        var index = await EmbeddedIndex.OpenAsync(directory, new EmbeddedIndexOptions { CommitOnDispose = false }, cancellationToken)
            .ConfigureAwait(false);
        await using (index.ConfigureAwait(false))
        {
            return (index.DocumentEncoder?.Model, index.Chunking);
        }
    }
}
