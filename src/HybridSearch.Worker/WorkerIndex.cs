using HybridSearch.Elasticsearch;
using HybridSearch.Embedded;
using HybridSearch.Encoding;
using Microsoft.Extensions.Logging;

namespace HybridSearch.Worker;

/// <summary>Opens the configured index for the worker.</summary>
internal static class WorkerIndex
{
    public const string Embedded = "embedded";
    public const string Elasticsearch = "elasticsearch";

    public static bool IsElasticsearch(string? kind) => string.Equals(kind, Elasticsearch, StringComparison.OrdinalIgnoreCase);

    public static bool IsEmbedded(string? kind) => string.Equals(kind, Embedded, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens the index of <paramref name="options"/> for <paramref name="encoder"/>. An embedded index records the chunking
    /// it was built with; an index built with other settings is refused rather than filled with incomparable passages.
    /// Elasticsearch acknowledges bulk writes durably (translog), so it needs no commit before a checkpoint.
    /// </summary>
    public static async Task<IndexTarget> OpenAsync(
        IndexOptions options,
        ElasticsearchBackendOptions elasticsearch,
        EncoderIdentity encoder,
        string chunking,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (IsElasticsearch(options.Kind))
        {
            var backend = ElasticsearchBackend.Create(elasticsearch, loggerFactory, timeProvider);
            return new IndexTarget(backend, commit: null, () =>
            {
                backend.Dispose();
                return ValueTask.CompletedTask;
            });
        }

        var index = await EmbeddedIndex.OpenAsync(
            options.Path!, new EmbeddedIndexOptions { ExpectedEncoder = encoder, Chunking = chunking }, cancellationToken)
            .ConfigureAwait(false);
        if (index.Chunking is { } built && !string.Equals(built, chunking, StringComparison.Ordinal))
        {
            await index.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"Index '{index.Directory}' was built with chunking '{built}', but {IngestionOptions.SectionName}:Chunking and " +
                $"PassageOverlapTokens give '{chunking}'. Use the settings the index was built with, or a new index.");
        }

        return new IndexTarget(index, index.CommitAsync, index.DisposeAsync);
    }
}
