using HybridSearch.Elasticsearch;
using HybridSearch.Embedded;
using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;

namespace HybridSearch.Worker;

/// <summary>Opens the configured index for the worker's writes.</summary>
internal static class WorkerIndex
{
    public const string Embedded = "embedded";
    public const string Elasticsearch = "elasticsearch";

    public static bool IsElasticsearch(string? kind) => string.Equals(kind, Elasticsearch, StringComparison.OrdinalIgnoreCase);

    public static bool IsEmbedded(string? kind) => string.Equals(kind, Embedded, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens the index of <paramref name="options"/> for <paramref name="encoder"/>: an embedded index built with other
    /// passage settings than <paramref name="chunking"/> is refused. The caller disposes the result.
    /// </summary>
    public static async Task<IIndexWriter> OpenAsync(
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
            return ElasticsearchBackend.Create(elasticsearch, loggerFactory, timeProvider);
        }

        return await EmbeddedIndex.OpenAsync(
            options.Path!, new EmbeddedIndexOptions { ExpectedEncoder = encoder, Chunking = chunking }, cancellationToken)
            .ConfigureAwait(false);
    }
}
