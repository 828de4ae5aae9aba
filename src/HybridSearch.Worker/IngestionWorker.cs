using HybridSearch.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HybridSearch.Worker;

/// <summary>
/// The hosted service: runs the pipeline over the configured source until it is exhausted (then stops the application
/// with exit code 0) or until the host stops (SIGTERM, Ctrl+C), in which case reading stops, in-flight documents drain,
/// the checkpoint is saved and the process exits with 0. A failure is logged and ends the process with exit code 1.
/// </summary>
internal sealed partial class IngestionWorker(
    IngestionPipeline pipeline, IDocumentSource source, IHostApplicationLifetime lifetime, ILogger<IngestionWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the pipeline takes over this thread.
        await Task.Yield();
        try
        {
            await pipeline.RunAsync(source, progress: null, stoppingToken).ConfigureAwait(false);
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

    [LoggerMessage(20, LogLevel.Critical, "Ingestion of {Source} failed; the next start resumes from its checkpoint")]
    private static partial void Failed(ILogger logger, Exception exception, string source);
}
