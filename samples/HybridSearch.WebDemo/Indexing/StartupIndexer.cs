using HybridSearch.DependencyInjection;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using Microsoft.Extensions.Options;

namespace HybridSearch.WebDemo.Indexing;

/// <summary>
/// Indexes the configured documents once, in the background, after the server has started, through the same
/// <see cref="IngestionPipeline"/> as the CLI and the worker (checkpoints, one dead-letter file, bounded retries): a
/// restart resumes, and reads only what was appended since. The readiness check reports not-ready until it is done.
/// Searches during indexing see the documents written so far.
/// </summary>
internal sealed partial class StartupIndexer(
    IIndexWriter index,
    DualEncoder encoder,
    IndexingStatus status,
    IOptions<StartupIndexingOptions> options,
    IOptions<HybridSearchOptions> search,
    IHostEnvironment environment,
    ILoggerFactory loggerFactory,
    ILogger<StartupIndexer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Documents))
        {
            status.Complete();
            return;
        }

        var path = Path.GetFullPath(settings.Documents, environment.ContentRootPath);
        status.Start();
        LogStarted(path);
        try
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"{StartupIndexingOptions.SectionName}:Documents: '{path}' is neither a file nor a folder.", path);
            }

            var ingestion = new IngestionOptions { BatchSize = settings.BatchSize, StateDirectory = StateDirectory(settings) };
            using var pipeline = new IngestionPipeline(encoder.DocumentEncoder, index, ingestion, loggerFactory);
            var progress = new Progress<IngestionProgress>(p => status.Report(p.Written));
            var summary = await pipeline.RunAsync(DocumentSources.FromPath(path, ingestion.MaxTextChars), progress, stoppingToken);
            status.Report(summary.Written);
            if (summary.Stopped)
            {
                LogStopped(summary.Written);
                return;
            }

            status.Complete();
            LogCompleted(summary.Written, summary.DeadLettered, path, summary.DeadLetterPath);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(status.Documents);
        }
        catch (Exception exception)
        {
            // Not rethrown: a failed index leaves the app running (searches answer what was written) and not ready.
            status.Fail(exception.Message);
            LogFailed(exception, path);
        }
    }

    // Checkpoints live with the index they describe: inside an embedded index's folder, else under the content root.
    private string StateDirectory(StartupIndexingOptions settings)
    {
        if (settings.StateDirectory is { } configured)
        {
            return Path.GetFullPath(configured, environment.ContentRootPath);
        }

        return search.Value.IndexPath is { } indexPath
            ? Path.Combine(Path.GetFullPath(indexPath, environment.ContentRootPath), IngestionOptions.DefaultStateDirectory)
            : Path.Combine(environment.ContentRootPath, ".hybridsearch", IngestionOptions.DefaultStateDirectory);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexing {Path} at start-up")]
    private partial void LogStarted(string path);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Indexed {Documents} documents from {Path} ({DeadLettered} not indexed, see {DeadLetters}); ready")]
    private partial void LogCompleted(long documents, long deadLettered, string path, string deadLetters);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up indexing stopped by shutdown after {Documents} documents")]
    private partial void LogStopped(long documents);

    [LoggerMessage(Level = LogLevel.Error, Message = "Start-up indexing of {Path} failed; the app stays not ready")]
    private partial void LogFailed(Exception exception, string path);
}
