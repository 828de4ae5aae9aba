using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridSearch.Elasticsearch.Internal;
using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;

namespace HybridSearch.Elasticsearch.OpenSearch;

/// <summary>
/// OpenSearch 2.x over raw HTTP (the Elastic 9.x client refuses non-Elasticsearch servers): the templates of
/// <c>mappings/opensearch/</c> (<c>knn_vector</c>, <c>index.knn: true</c>), bulk writes through the shared bulk sink, the
/// <c>knn</c> query and <c>multi_match</c>. Hybrid runs as two requests fused in C#. Thread-safe.
/// </summary>
internal sealed partial class OpenSearchEngine : IBackendEngine
{
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson");

    private readonly HttpClient _http;
    private readonly ElasticsearchBackendOptions _options;
    private readonly BulkWriter _writer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Polly.ResiliencePipeline<ReadAttempt> _reads;
    private IndexLayout? _layout;
    private ServerVersion? _version;
    private bool _versionUnreadable;

    public OpenSearchEngine(
        ElasticsearchBackendOptions options,
        HttpMessageHandler? handler,
        TimeProvider timeProvider,
        ILogger logger,
        Func<double>? randomizer)
    {
        _options = options;
        _logger = logger;
        _time = timeProvider;
        _http = handler is null ? new HttpClient(CreateHandler(options)) : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = options.Url;
        _http.Timeout = options.RequestTimeout;
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", options.ApiKey);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }

        _writer = new BulkWriter(SendBulkAsync, options.IndexName, options, timeProvider, logger, randomizer);
        _reads = RetryPipelines.Create<ReadAttempt>(
            options,
            timeProvider,
            randomizer,
            static attempt => attempt.IsTransient,
            (attempt, retry, delay) => LogReadRetry(
                _logger, Index, attempt.Error?.Message ?? $"HTTP {attempt.Status}", delay, retry),
            static attempt => attempt.RetryAfter);
    }

    // TLS trust by the same rule as the Elasticsearch client's (ServerCertificates); compressed responses accepted.
    private static SocketsHttpHandler CreateHandler(ElasticsearchBackendOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = options.HttpCompression ? DecompressionMethods.All : DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (ServerCertificates.Validator(options) is { } validator)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                validator(sender, certificate, chain, errors);
        }

        return handler;
    }

    /// <summary>OpenSearch has no official client here: its requests are raw HTTP.</summary>
    public object? Client => null;

    private string Index => _options.IndexName;

    private string IndexPath => "/" + Uri.EscapeDataString(Index);

    public async Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        if (!await ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return new IndexDescription(null, 0, 0);
        }

        var layout = await ReadLayoutAsync(cancellationToken).ConfigureAwait(false);
        var count = await SendJsonAsync(
            HttpMethod.Get, IndexPath + "/_count", null, "count documents", cancellationToken).ConfigureAwait(false);
        var documents = count.RootElement.GetProperty("count").GetInt64();
        count.Dispose();
        var passages = documents;
        if (layout.Nested)
        {
            var body = new JsonObject
            {
                ["size"] = 0,
                ["aggs"] = new JsonObject { ["passages"] = new JsonObject { ["nested"] = new JsonObject { ["path"] = "passages" } } },
            };
            using var aggs = await SendJsonAsync(
                HttpMethod.Post, IndexPath + "/_search", body, "count passages", cancellationToken).ConfigureAwait(false);
            passages = aggs.RootElement.GetProperty("aggregations").GetProperty("passages").GetProperty("doc_count").GetInt64();
        }

        return new IndexDescription(
            layout.Encoder is null ? null : layout.Encoder with { Dimensions = layout.Dimensions }, documents, passages);
    }

    public async Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        if (!await ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            var body = MappingTemplate.Render(_options, documentEncoder);
            var path = "/" + Uri.EscapeDataString(_options.VersionedIndexName);
            using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent(body.ToJsonString()) };
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && !text.Contains("resource_already_exists_exception", StringComparison.Ordinal))
            {
                throw Failure(response.StatusCode, $"create index '{_options.VersionedIndexName}'", text);
            }
        }

        var layout = await ReadLayoutAsync(cancellationToken).ConfigureAwait(false);
        layout.EnsureCompatible(Index, documentEncoder, _options.NestedPassages);
        _layout = layout;
    }

    public Task<SearchResults> SearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default) =>
        SearchPipeline.RunAsync(this, request, queryVector, cancellationToken);

    public Task<SearchResults>? ServerHybridSearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken) => null;

    public void Dispose()
    {
        _http.Dispose();
    }

    private async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, IndexPath);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        return response.IsSuccessStatusCode ? true : throw Failure(response.StatusCode, "check that the index exists", null);
    }

    // The index's own layout decides how it is queried and written (see ElasticsearchEngine.Nested).
    private bool Nested => (_layout ?? throw new InvalidOperationException("The index layout has not been read yet.")).Nested;

    private async Task<IndexLayout> GetLayoutAsync(CancellationToken cancellationToken) =>
        _layout ?? (_layout = await ReadLayoutAsync(cancellationToken).ConfigureAwait(false));

    // GET / once: an Elasticsearch server, or an OpenSearch older than the floor, is refused before anything else is sent.
    // Credentials without cluster:monitor/main get 403 there: the version then stays unknown (see ElasticsearchEngine).
    private async Task<ServerVersion?> GetVersionAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known || _versionUnreadable)
        {
            return _version;
        }

        JsonDocument root;
        try
        {
            root = await SendJsonAsync(HttpMethod.Get, "/", null, "read the server version", cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            _versionUnreadable = true;
            LogVersionUnreadable(_logger, _options.Url?.ToString() ?? string.Empty);
            return null;
        }

        using var _ = root;
        var cluster = $"The cluster at {_options.Url}";
        var version = ServerVersion.Parse(root.RootElement, cluster);
        version.EnsureSupported(SearchEngine.OpenSearch, cluster);
        return _version = version;
    }

    private async Task<IndexLayout> ReadLayoutAsync(CancellationToken cancellationToken)
    {
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        using var mapping = await SendJsonAsync(HttpMethod.Get, IndexPath + "/_mapping", null, "read the index mapping", cancellationToken)
            .ConfigureAwait(false);
        return IndexLayout.Parse(Index, mapping.RootElement, "dimension");
    }

    /// <summary>
    /// A read (search, count, mapping, refresh: all safe to resend) through the retry pipeline: 408, 429, 5xx and no answer
    /// at all are retried within <see cref="ElasticsearchBackendOptions.MaxRetries"/>, after the server's <c>Retry-After</c>
    /// when it sent one; what is still wrong after that throws, the network's own exception as it was.
    /// </summary>
    private async Task<JsonDocument> SendJsonAsync(
        HttpMethod method, string path, JsonNode? body, string what, CancellationToken cancellationToken)
    {
        var json = body?.ToJsonString();
        var attempt = await _reads.ExecuteAsync(
            static async (state, token) => await state.Self.SendOnceAsync(state.Method, state.Path, state.Json, token).ConfigureAwait(false),
            (Self: this, Method: method, Path: path, Json: json),
            cancellationToken).ConfigureAwait(false);
        if (attempt.Error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        if (attempt.Status is < 200 or >= 300)
        {
            throw Failure((HttpStatusCode)attempt.Status, what, attempt.Body);
        }

        return JsonDocument.Parse(attempt.Body!);
    }

    private async Task<ReadAttempt> SendOnceAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = JsonContent(json);
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new ReadAttempt((int)response.StatusCode, text, RetryAfterOf(response), null);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            return new ReadAttempt(0, null, null, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout, not the caller's cancellation.
            return new ReadAttempt(0, null, null, e);
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > _time.GetUtcNow() ? date - _time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>One read: its status and body, or (status 0) the exception that left it without an answer.</summary>
    private sealed record ReadAttempt(int Status, string? Body, TimeSpan? RetryAfter, Exception? Error)
    {
        public bool IsTransient => Error is not null || TransientFailure.IsTransientStatus(Status);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private HttpRequestException Failure(HttpStatusCode status, string what, string? body) => new(
        $"OpenSearch at {_options.Url} could not {what} for index '{Index}': HTTP {(int)status}: {body ?? "no details"}", null, status);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "The credentials may not read the version of the OpenSearch cluster at {Cluster} (GET / needs " +
                  "cluster:monitor/main); going on without the version check")]
    private static partial void LogVersionUnreadable(ILogger logger, string cluster);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "A read of OpenSearch index '{Index}' got {Status}; retrying in {Delay} (retry {Attempt})")]
    private static partial void LogReadRetry(ILogger logger, string index, string status, TimeSpan delay, int attempt);
}
