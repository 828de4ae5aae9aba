using Elastic.Transport;
using HybridSearch.Elasticsearch.Internal;
using HybridSearch.Elasticsearch.OpenSearch;
using HybridSearch.Encoding;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridSearch.Elasticsearch;

/// <summary>
/// The search backend on an Elasticsearch 9.x cluster (or OpenSearch, see <see cref="ElasticsearchBackendOptions.Engine"/>):
/// a versioned index behind an alias, a bulk sink with retries and a dead-letter file, keyword, kNN and hybrid search, and
/// exact rescoring with the stored float vectors. Hybrid queries run as two requests fused in C# by default, so results
/// match the embedded backend's and any licence works. Thread-safe; share one instance.
/// </summary>
public sealed class ElasticsearchBackend : ISearchBackend, IDisposable
{
    private readonly IBackendEngine _engine;
    private readonly ElasticsearchBackendOptions _options;
    private long _written;
    private long _retried;
    private long _deadLettered;

    private ElasticsearchBackend(ElasticsearchBackendOptions options, IBackendEngine engine)
    {
        _options = options;
        _engine = engine;
    }

    /// <summary>The options in use (validated).</summary>
    public ElasticsearchBackendOptions Options => _options;

    /// <summary>Counts of every write since this instance was created.</summary>
    public BulkWriteResult Totals => new(
        Interlocked.Read(ref _written), Interlocked.Read(ref _retried), Interlocked.Read(ref _deadLettered));

    /// <summary>Creates the backend after validating <paramref name="options"/>; no request is sent until first use.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static ElasticsearchBackend Create(
        ElasticsearchBackendOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null) =>
        Create(options, null, loggerFactory, timeProvider, null);

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
        var time = timeProvider ?? TimeProvider.System;
        IBackendEngine engine = options.Engine == SearchEngine.OpenSearch
            ? new OpenSearchEngine(options, handler, time, logger, randomizer)
            : new ElasticsearchEngine(
                options, handler is null ? null : new HttpRequestInvoker((_, _) => handler), time, logger, randomizer);
        return new ElasticsearchBackend(options, engine);
    }

    /// <summary>
    /// Indexes <paramref name="documents"/> by id (rewriting a document replaces it). Items the server rejects for good go
    /// to <see cref="ElasticsearchBackendOptions.DeadLetterPath"/> and never stop the call.
    /// </summary>
    /// <exception cref="HttpRequestException">The server stayed unreachable or refused the request as a whole.</exception>
    public async Task<BulkWriteResult> WriteAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Count(await _engine.WriteAsync(documents, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Deletes documents by id; unknown ids count as written.</summary>
    public async Task<BulkWriteResult> DeleteDocumentsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Count(await _engine.DeleteDocumentsAsync(ids, cancellationToken).ConfigureAwait(false));
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
    public Task UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default) =>
        WriteAsync(documents, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken = default) => DeleteDocumentsAsync(ids, cancellationToken);

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
    /// Answers <paramref name="request"/>: through <see cref="SearchPipeline.RunAsync(ISearchBackend, SearchRequest, ReadOnlyMemory{float}, CancellationToken)"/> (two requests fused in C#), or with
    /// one server-side <c>rrf</c>/<c>linear</c> retriever request when <see cref="ElasticsearchBackendOptions.Hybrid"/> says so.
    /// </summary>
    public Task<SearchResults> SearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.Hybrid == HybridExecution.ServerRetriever
            && _engine.ServerHybridSearchAsync(request, queryVector, cancellationToken) is { } server)
        {
            return server;
        }

        return SearchPipeline.RunAsync(this, request, queryVector, cancellationToken);
    }

    /// <summary>
    /// Answers <paramref name="request"/> while its vector is computed: with C# fusion the keyword request goes out at once
    /// and overlaps query encoding; a server-side retriever needs the vector in its one request, so it waits for it.
    /// </summary>
    public async Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pendingQueryVector);
        if (_options.Hybrid == HybridExecution.ServerRetriever)
        {
            var queryVector = await pendingQueryVector.ConfigureAwait(false);
            return await SearchAsync(request, queryVector, cancellationToken).ConfigureAwait(false);
        }

        return await SearchPipeline.RunAsync(this, request, pendingQueryVector, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();

    private BulkWriteResult Count(BulkWriteResult result)
    {
        Interlocked.Add(ref _written, result.Written);
        Interlocked.Add(ref _retried, result.Retried);
        Interlocked.Add(ref _deadLettered, result.DeadLettered);
        return result;
    }
}
