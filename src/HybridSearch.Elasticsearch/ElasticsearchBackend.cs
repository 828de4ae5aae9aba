using Elastic.Transport;
using HybridSearch.Elasticsearch.Internal;
using HybridSearch.Elasticsearch.OpenSearch;
using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridSearch.Elasticsearch;

/// <summary>
/// The search backend on an Elasticsearch 9.x cluster (or OpenSearch, see <see cref="ElasticsearchBackendOptions.Engine"/>):
/// a versioned index behind an alias, a bulk sink with bounded retries that reports every document the server refuses,
/// keyword, kNN and hybrid search, and exact rescoring with the stored float vectors. Hybrid queries run as two requests
/// fused in C# by default, so results match the embedded backend's and any licence works. The official
/// <c>ElasticsearchClient</c> is reached through <see cref="GetService"/>. Thread-safe; share one instance.
/// </summary>
public sealed class ElasticsearchBackend : ISearchBackend, IRetrievalBackend, IIndexWriter, IDisposable
{
    private static readonly Action<ILogger, string, Exception?> LogAnyCertificate = LoggerMessage.Define<string>(
        LogLevel.Warning,
        new EventId(30, "DangerousAcceptAnyServerCertificate"),
        "HybridSearch:Elasticsearch:DangerousAcceptAnyServerCertificate is on: any certificate is accepted from {Cluster}, so " +
        "anyone on the network path can read and change the traffic. Use CertificateFingerprint outside development.");

    private readonly IBackendEngine _engine;
    private readonly ElasticsearchBackendOptions _options;

    private ElasticsearchBackend(ElasticsearchBackendOptions options, IBackendEngine engine)
    {
        _options = options;
        _engine = engine;
    }

    /// <summary>The options in use (validated).</summary>
    public ElasticsearchBackendOptions Options => _options;

    /// <summary>Creates the backend after validating <paramref name="options"/>; no request is sent until first use.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static ElasticsearchBackend Create(
        ElasticsearchBackendOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null) =>
        Create(options, null, loggerFactory, timeProvider, null);

    /// <summary>
    /// Creates the backend over an <see cref="Elastic.Clients.Elasticsearch.ElasticsearchClient"/> the application already
    /// has: its address, credentials, TLS and transport settings apply, so the connection settings of
    /// <paramref name="options"/> must be left unset (a set one is an error naming it). The client's own retry setting then
    /// applies too: keep it at 0 (<c>MaximumRetries(0)</c>) so that only the bulk sink resends bulk items, and add
    /// <c>ResponseHeadersToParse(new HeadersList("Retry-After"))</c> for the server's waits to be honoured.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static ElasticsearchBackend Create(
        ElasticsearchBackendOptions options,
        Elastic.Clients.Elasticsearch.ElasticsearchClient client,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        ElasticsearchBackendOptionsValidator.ThrowIfInvalid(options, clientGiven: true);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ElasticsearchBackend>();
        return new ElasticsearchBackend(options, new ElasticsearchEngine(options, client, timeProvider ?? TimeProvider.System, logger, null));
    }

    /// <summary>Creates the backend over <paramref name="handler"/> (tests: an in-process HTTP handler).</summary>
    internal static ElasticsearchBackend Create(
        ElasticsearchBackendOptions options,
        HttpMessageHandler? handler,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        Func<double>? randomizer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ElasticsearchBackendOptionsValidator.ThrowIfInvalid(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ElasticsearchBackend>();
        if (options.DangerousAcceptAnyServerCertificate)
        {
            LogAnyCertificate(logger, options.Url?.ToString() ?? options.CloudId ?? string.Empty, null);
        }

        var time = timeProvider ?? TimeProvider.System;
        IBackendEngine engine = options.Engine == SearchEngine.OpenSearch
            ? new OpenSearchEngine(options, handler, time, logger, randomizer)
            : new ElasticsearchEngine(
                options, handler is null ? null : new HttpRequestInvoker((_, _) => handler), time, logger, randomizer);
        return new ElasticsearchBackend(options, engine);
    }

    /// <inheritdoc />
    public Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default) => _engine.DescribeAsync(cancellationToken);

    /// <inheritdoc />
    public Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        return _engine.EnsureIndexAsync(documentEncoder, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Items the server refuses for good (a mapping conflict, a document the layout cannot hold) come back as rejections
    /// with the server's reason; items refused for a transient reason (429, 502, 503, 504) are resent within
    /// <see cref="ElasticsearchBackendOptions.MaxRetries"/>.
    /// </remarks>
    /// <exception cref="HttpRequestException">The server stayed unreachable or refused the request as a whole.</exception>
    public async Task<IndexWriteResult> UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var result = await _engine.WriteAsync(documents, cancellationToken).ConfigureAwait(false);
        return result.ToIndexWriteResult();
    }

    /// <inheritdoc />
    public async Task<IndexWriteResult> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var result = await _engine.DeleteDocumentsAsync(ids, cancellationToken).ConfigureAwait(false);
        return result.ToIndexWriteResult();
    }

    /// <inheritdoc />
    /// <remarks>Elasticsearch acknowledges a bulk item only once its translog entry is durable, so there is nothing to do.</remarks>
    public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default) =>
        _engine.KeywordSearchAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default) =>
        _engine.VectorSearchAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        _engine.GetPassageVectorsAsync(ids, cancellationToken);

    /// <summary>
    /// Answers <paramref name="request"/> while its vector is computed. With C# fusion (the default) this is
    /// <see cref="SearchPipeline"/>: the keyword request goes out at once and overlaps query encoding; candidate requests
    /// carry ids, scores and passage offsets only, and one request fetches the fields of the final hits (none with
    /// <see cref="SearchRequest.IncludeFields"/> false). A server-side
    /// <c>rrf</c>/<c>linear</c> retriever (<see cref="ElasticsearchBackendOptions.Hybrid"/>) needs the vector in its one
    /// request, so it waits for it.
    /// </summary>
    public async Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pendingQueryVector);
        if (_options.Hybrid == HybridExecution.ServerRetriever && request.Mode == SearchMode.Hybrid)
        {
            var queryVector = await pendingQueryVector.ConfigureAwait(false);
            if (_engine.ServerHybridSearchAsync(request, queryVector, cancellationToken) is { } server)
            {
                return await server.ConfigureAwait(false);
            }

            return await LeanSearch.RunAsync(_engine, request, Task.FromResult(queryVector), cancellationToken).ConfigureAwait(false);
        }

        return await LeanSearch.RunAsync(_engine, request, pendingQueryVector, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// This backend, or the official <c>Elastic.Clients.Elasticsearch.ElasticsearchClient</c> it talks through (null for
    /// OpenSearch), or null.
    /// </summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return _engine.Client is { } client && serviceType.IsInstanceOfType(client) ? client : null;
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();
}
