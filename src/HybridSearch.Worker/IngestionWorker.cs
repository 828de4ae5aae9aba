using System.Diagnostics.Metrics;
using HybridSearch.Elasticsearch;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker;

/// <summary>
/// The hosted service: opens the configured index, runs the pipeline over the configured source until it is exhausted
/// (then stops the application with exit code 0) or until the host stops (SIGTERM, Ctrl+C), in which case reading stops,
/// in-flight documents drain, the checkpoint is saved and the process exits with 0. A failure is logged and ends the
/// process with exit code 1; the next start resumes from the checkpoint.
/// </summary>
internal sealed partial class IngestionWorker(
    LoadedEncoder encoder,
    IDocumentSource source,
    IOptions<IngestionOptions> ingestion,
    IOptions<IndexOptions> index,
    IOptions<ElasticsearchBackendOptions> elasticsearch,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider,
    ILogger<IngestionWorker> logger,
    IMeterFactory? meterFactory = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the pipeline takes over this thread.
        await Task.Yield();
        try
        {
            var options = ingestion.Value;
            var chunking = IngestionPipeline.ChunkingSetting(encoder.Document, options);
            var target = await WorkerIndex.OpenAsync(
                    index.Value, elasticsearch.Value, encoder.Document.Identity, chunking, loggerFactory, timeProvider, stoppingToken)
                .ConfigureAwait(false);
            try
            {
                using var pipeline = new IngestionPipeline(encoder.Document, target, options, loggerFactory, timeProvider, meterFactory);
                var summary = await pipeline.RunAsync(source, progress: null, stoppingToken).ConfigureAwait(false);
                if (summary.DeadLettered > 0)
                {
                    DeadLettered(logger, summary.DeadLettered, source.Name, summary.DeadLetterPath);
                }
            }
            finally
            {
                await CloseAsync(target).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while the index was opening: nothing was read, nothing to drain.
        }
#pragma warning disable CA1031 // The service's last line of defence: any failure is logged and becomes the exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Failed(logger, e, source.Name);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private static async ValueTask CloseAsync(IIndexWriter target)
    {
        switch (target)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    [LoggerMessage(21, LogLevel.Warning, "{Count} records of {Source} were dead-lettered this run, see {Path}")]
    private static partial void DeadLettered(ILogger logger, long count, string source, string path);

    [LoggerMessage(20, LogLevel.Critical, "Ingestion of {Source} failed; the next start resumes from its checkpoint")]
    private static partial void Failed(ILogger logger, Exception exception, string source);
}
