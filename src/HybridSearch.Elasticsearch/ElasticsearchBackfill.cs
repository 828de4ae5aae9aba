using Elastic.Transport;
using HybridSearch.Elasticsearch.Internal;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridSearch.Elasticsearch;

/// <summary>
/// Backfill of an existing Elasticsearch index: an <see cref="IDocumentSource"/> that scans the index under a point in
/// time, in <c>id</c> order with <c>search_after</c> (optionally one slice of it, so several workers share the scan), and
/// hands on the documents that need encoding. The ingestion pipeline then upserts them through
/// <see cref="ElasticsearchBackend"/>, which rewrites each one in place with its vector and content hash, so a second run
/// finds nothing to do.
/// </summary>
public static class ElasticsearchBackfill
{
    /// <summary>Creates a backfill source after validating both option sets; no request is sent until it is read.</summary>
    /// <param name="backend">The cluster (address, credentials, retries, timeouts) and the index the updates go to.</param>
    /// <param name="backfill">What to scan and how.</param>
    /// <param name="contentHash">
    /// The content hash ingestion stamps on documents (for the worker, the one of its encoder and chunking); required for
    /// <see cref="BackfillMode.MissingOrChanged"/>, unused for <see cref="BackfillMode.MissingVectors"/>.
    /// </param>
    /// <param name="loggerFactory">Logs; none by default.</param>
    /// <param name="timeProvider">Clock for retry delays; the system clock by default.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; the message names it.</exception>
    /// <exception cref="ArgumentException"><paramref name="contentHash"/> is missing where the mode needs it.</exception>
    public static IDocumentSource CreateSource(
        ElasticsearchBackendOptions backend,
        ElasticsearchBackfillOptions backfill,
        Func<SearchDocument, string>? contentHash = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null) =>
        CreateSource(backend, backfill, contentHash, null, loggerFactory, timeProvider, null);

    /// <summary>Creates the source over <paramref name="handler"/> (tests: an in-process HTTP handler).</summary>
    internal static IDocumentSource CreateSource(
        ElasticsearchBackendOptions backend,
        ElasticsearchBackfillOptions backfill,
        Func<SearchDocument, string>? contentHash,
        HttpMessageHandler? handler,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        Func<double>? randomizer)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(backfill);
        ElasticsearchBackendOptionsValidator.ThrowIfInvalid(backend);
        ElasticsearchBackfillOptionsValidator.ThrowIfInvalid(backfill);
        if (backend.Engine != SearchEngine.Elasticsearch)
        {
            throw new ArgumentException(
                $"Backfill needs Elasticsearch 9.x (point in time and search_after); {ElasticsearchBackendOptions.SectionName}:Engine " +
                $"is {backend.Engine}.", nameof(backend));
        }

        if (backfill.Mode == BackfillMode.MissingOrChanged && contentHash is null)
        {
            throw new ArgumentException(
                $"{ElasticsearchBackfillOptions.SectionName}:Mode {BackfillMode.MissingOrChanged} compares content hashes, so a " +
                "content hash function is required.", nameof(contentHash));
        }

        var invoker = handler is null ? null : new HttpRequestInvoker((_, _) => handler);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(typeof(ElasticsearchBackfill));
        return new BackfillSource(backend, backfill, contentHash, invoker, logger, timeProvider ?? TimeProvider.System, randomizer);
    }
}
