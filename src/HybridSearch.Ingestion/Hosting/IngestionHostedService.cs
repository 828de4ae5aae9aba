using System.Diagnostics.Metrics;
using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridSearch.Ingestion.Hosting;

/// <summary>
/// The hosted ingestion worker: opens the index, runs the pipeline over the registered source until it is exhausted (then
/// stops the application with exit code 0) or until the host stops (SIGTERM, Ctrl+C), in which case reading stops,
/// in-flight documents drain, the checkpoint is saved and the process exits with 0. A failure is logged and ends the
/// process with exit code 1; the next start resumes from the checkpoint. The index is opened here, not resolved from the
/// container, so that opening is asynchronous and the index is closed (committed) as soon as the run ends.
/// </summary>
internal sealed partial class IngestionHostedService(
    IServiceProvider services,
    Func<IServiceProvider, CancellationToken, Task<IIndexWriter>> openIndex,
    IOptions<IngestionOptions> ingestion,
    IHostApplicationLifetime lifetime,
    ILogger<IngestionHostedService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the pipeline takes over this thread.
        await Task.Yield();
        var source = services.GetRequiredService<IDocumentSource>();
        try
        {
            var encoder = IngestionServiceCollectionExtensions.DocumentEncoder(services);
            var target = await openIndex(services, stoppingToken).ConfigureAwait(false);
            try
            {
                await RunAsync(encoder, target, source, stoppingToken).ConfigureAwait(false);
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

    private async Task RunAsync(ITextEncoder encoder, IIndexWriter target, IDocumentSource source, CancellationToken stoppingToken)
    {
        using var pipeline = new IngestionPipeline(
            encoder,
            target,
            ingestion.Value,
            services.GetService<ILoggerFactory>(),
            services.GetService<TimeProvider>(),
            services.GetService<IMeterFactory>());
        var summary = await pipeline.RunAsync(source, progress: null, stoppingToken).ConfigureAwait(false);
        if (summary.DeadLettered > 0)
        {
            DeadLettered(logger, summary.DeadLettered, source.Name, summary.DeadLetterPath);
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
