using HybridSearch.Chunking;
using HybridSearch.DependencyInjection;
using HybridSearch.Encoding;
using HybridSearch.Search;
using Microsoft.Extensions.Options;

namespace HybridSearch.WebDemo.Indexing;

/// <summary>
/// Indexes the configured documents into the search backend once, in the background, after the server has started; the
/// readiness check reports not-ready until it is done. Searches during indexing see the documents written so far.
/// </summary>
internal sealed partial class StartupIndexer(
    ISearchBackend backend,
    DualEncoder encoder,
    IndexingStatus status,
    IOptions<StartupIndexingOptions> options,
    IHostEnvironment environment,
    ILogger<StartupIndexer> logger,
    EmbeddedIndexHandle? embeddedIndex = null) : BackgroundService
{
    // Makes written documents durable (and bounds what a crash can lose) every this many documents.
    private const int CommitEvery = 1024;

    private readonly DocumentPreparer _preparer = new(encoder);

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
            await backend.EnsureIndexAsync(encoder.DocumentIdentity, stoppingToken);
            var batch = new List<SearchDocument>(settings.BatchSize);
            var sinceCommit = 0;
            await foreach (var document in DocumentFiles.ReadAsync(path, stoppingToken))
            {
                batch.Add(document);
                if (batch.Count == settings.BatchSize)
                {
                    sinceCommit += await WriteAsync(batch, stoppingToken);
                    batch.Clear();
                    if (sinceCommit >= CommitEvery)
                    {
                        await CommitAsync(stoppingToken);
                        sinceCommit = 0;
                    }
                }
            }

            await WriteAsync(batch, stoppingToken);
            await CommitAsync(stoppingToken);
            status.Complete();
            LogCompleted(status.Documents, path);
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

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (embeddedIndex is not null)
        {
            var index = await embeddedIndex.GetAsync(cancellationToken);
            await index.CommitAsync(cancellationToken);
        }
    }

    private async Task<int> WriteAsync(List<SearchDocument> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        // Long documents become several passages, each within the model's limit; a document scores by its best passage.
        var documents = await _preparer.PrepareAsync(batch, cancellationToken);
        await backend.UpsertAsync(documents, cancellationToken);
        status.Add(documents.Count);
        return documents.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexing {Path} at start-up")]
    private partial void LogStarted(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexed {Documents} documents from {Path}; ready")]
    private partial void LogCompleted(long documents, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up indexing stopped by shutdown after {Documents} documents")]
    private partial void LogStopped(long documents);

    [LoggerMessage(Level = LogLevel.Error, Message = "Start-up indexing of {Path} failed; the app stays not ready")]
    private partial void LogFailed(Exception exception, string path);
}
