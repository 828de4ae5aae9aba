using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// Elasticsearch 9.x through the official client: typed requests for bulk, search and count; the client's transport
/// for the create-index body of <c>mappings/elasticsearch/</c> and for reading an index's mapping. Thread-safe.
/// </summary>
internal sealed partial class ElasticsearchEngine : IBackendEngine
{
    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchBackendOptions _options;
    private readonly BulkWriter _writer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Polly.ResiliencePipeline<SearchResponse<IndexedDocument>> _searches;
    private IndexLayout? _layout;
    private ServerVersion? _version;
    private bool _versionUnreadable;

    public ElasticsearchEngine(
        ElasticsearchBackendOptions options, IRequestInvoker? invoker, TimeProvider timeProvider, ILogger logger, Func<double>? randomizer)
        : this(options, new ElasticsearchClient(CreateSettings(options, invoker)), timeProvider, logger, randomizer)
    {
    }

    /// <summary>Over a client the application made: its own address, credentials, TLS and transport settings apply.</summary>
    public ElasticsearchEngine(
        ElasticsearchBackendOptions options, ElasticsearchClient client, TimeProvider timeProvider, ILogger logger, Func<double>? randomizer)
    {
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _client = client;
        _writer = new BulkWriter(SendBulkAsync, options.IndexName, options, timeProvider, logger, randomizer);
        _searches = RetryPipelines.Create<SearchResponse<IndexedDocument>>(
            options,
            timeProvider,
            randomizer,
            static response => IsTransient(response.ApiCallDetails),
            (response, attempt, delay) => LogSearchRetry(
                _logger, Index, response.ApiCallDetails.HttpStatusCode is { } s ? $"HTTP {s}" : "no response", delay, attempt),
            response => RetryAfterOf(response.ApiCallDetails));
    }

    /// <summary>The client, for callers that need the rest of the Elasticsearch API.</summary>
    public object? Client => _client;

    private string Index => _options.IndexName;

    // The layout is the index's own (its mapping, read once): NestedPassages only shapes an index this backend creates, so
    // a search that never set it still queries a nested index by its passages.
    private bool Nested => (_layout ?? throw new InvalidOperationException("The index layout has not been read yet.")).Nested;

    private string VectorField => Nested ? "passages.vector" : "vector";

    // True once the layout shows IndexName to be an alias of another index (as the index HybridSearch creates is).
    private bool ThroughAlias => _layout is { } layout && !string.Equals(layout.ConcreteIndex, Index, StringComparison.Ordinal);

    public async Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await _client.Indices.ExistsAsync(Index, cancellationToken).ConfigureAwait(false);
        if (!exists.Exists)
        {
            ThrowIfFailed(exists, "check that the index exists", allowNotFound: true);
            return new IndexDescription(null, 0, 0);
        }

        var layout = await ReadLayoutAsync(cancellationToken).ConfigureAwait(false);
        var count = await _client.CountAsync(new CountRequest(Index), cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(count, "count documents");
        var passages = layout.Nested ? await CountPassagesAsync(cancellationToken).ConfigureAwait(false) : count.Count;
        return new IndexDescription(
            layout.Encoder is null ? null : layout.Encoder with { Dimensions = layout.Dimensions }, count.Count, passages);
    }

    public void Dispose()
    {
        // The client's transport keeps its HTTP handlers for the process, as Elastic advises: nothing of ours to release.
    }

    internal static ElasticsearchClientSettings CreateSettings(ElasticsearchBackendOptions options, IRequestInvoker? invoker)
    {
        var settings = invoker is null ? new ElasticsearchClientSettings(PoolOf(options)) : new ElasticsearchClientSettings(PoolOf(options), invoker);
        settings.RequestTimeout(options.RequestTimeout);
        settings.EnableHttpCompression(options.HttpCompression);
        if (ServerCertificates.Validator(options) is { } validator)
        {
            settings.ServerCertificateValidationCallback(validator);
        }

        // Retries belong to the bulk sink's Polly pipeline, which knows which items to resend; the transport must not
        // resend whole bulk bodies behind its back.
        settings.MaximumRetries(0);

        // Read for 429 and 503 answers, so the retry pipelines wait as long as the server asked.
        settings.ResponseHeadersToParse(new HeadersList("Retry-After"));
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            settings.Authentication(new ApiKey(options.ApiKey));
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            settings.Authentication(new BasicAuthentication(options.Username, options.Password!));
        }

        return settings;
    }

    // Elastic Cloud resolves its own endpoint from the ID; several nodes are spread over and failed over between.
    private static NodePool PoolOf(ElasticsearchBackendOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.CloudId))
        {
            AuthorizationHeader credentials = !string.IsNullOrEmpty(options.ApiKey)
                ? new ApiKey(options.ApiKey)
                : new BasicAuthentication(options.Username!, options.Password!);
            return new CloudNodePool(options.CloudId, credentials);
        }

        var nodes = options.Nodes ?? [];
        return nodes.Count == 0
            ? new SingleNodePool(options.Url!)
            : new StaticNodePool([options.Url!, .. nodes], randomize: false);
    }

    private async Task<long> CountPassagesAsync(CancellationToken cancellationToken)
    {
        var request = new Elastic.Clients.Elasticsearch.SearchRequest(Index)
        {
            Size = 0,
            Aggregations = new Dictionary<string, Elastic.Clients.Elasticsearch.Aggregations.Aggregation>
            {
                ["passages"] = new() { Nested = new Elastic.Clients.Elasticsearch.Aggregations.NestedAggregation { Path = "passages" } },
            },
        };
        var response = await SearchWithRetriesAsync(request, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(response, "count passages");
        return response.Aggregations?.GetNested("passages")?.DocCount ?? 0;
    }

    /// <summary>
    /// A search (a read: safe to resend) through the retry pipeline: 408, 429, 5xx and no answer at all are retried within
    /// <see cref="ElasticsearchBackendOptions.MaxRetries"/>, after the server's <c>Retry-After</c> when it sent one; the last
    /// response comes back for <see cref="ThrowIfFailed(ElasticsearchResponse, string, bool)"/> to report.
    /// </summary>
    private ValueTask<SearchResponse<IndexedDocument>> SearchWithRetriesAsync(
        Elastic.Clients.Elasticsearch.SearchRequest request, CancellationToken cancellationToken) =>
        _searches.ExecuteAsync(
            static async (state, token) => await state.Client.SearchAsync<IndexedDocument>(state.Request, token).ConfigureAwait(false),
            (Client: _client, Request: request),
            cancellationToken);

    private static bool IsTransient(ApiCallDetails details) =>
        details.HttpStatusCode is not { } status || TransientFailure.IsTransientStatus(status);

    private TimeSpan? RetryAfterOf(ApiCallDetails details) =>
        details.TryGetHeader("Retry-After", out var values) ? RetryAfter.Parse(values.FirstOrDefault(), _time.GetUtcNow()) : null;

    private async Task<IndexLayout> GetLayoutAsync(CancellationToken cancellationToken) =>
        _layout ?? (_layout = await ReadLayoutAsync(cancellationToken).ConfigureAwait(false));

    // GET / once: a server this client cannot talk to is refused before anything else is sent to it. Credentials limited
    // to index privileges (a search-only API key) may not read the root endpoint, which needs cluster:monitor/main: then
    // the version stays unknown, the client's own product check still stands, and version-dependent keys are sent as to
    // a current 9.x.
    private async Task<ServerVersion?> GetVersionAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known || _versionUnreadable)
        {
            return _version;
        }

        var response = await _client.Transport.RequestAsync<StringResponse>(
            Elastic.Transport.HttpMethod.GET, "/", cancellationToken).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode == 403)
        {
            _versionUnreadable = true;
            LogVersionUnreadable(_logger, _options.ClusterLabel);
            return null;
        }

        ThrowIfFailed(response.ApiCallDetails, response.Body, "read the server version");
        using var json = JsonDocument.Parse(response.Body);
        var version = ServerVersion.Parse(json.RootElement, $"The cluster at {_options.ClusterLabel}");
        version.EnsureSupported(SearchEngine.Elasticsearch, $"The cluster at {_options.ClusterLabel}");
        return _version = version;
    }

    private async Task<IndexLayout> ReadLayoutAsync(CancellationToken cancellationToken)
    {
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var response = await _client.Transport.RequestAsync<StringResponse>(
            Elastic.Transport.HttpMethod.GET, $"/{Uri.EscapeDataString(Index)}/_mapping", cancellationToken).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode == 404)
        {
            throw new InvalidOperationException(
                $"Index '{Index}' does not exist at {_options.ClusterLabel}; create it first (EnsureIndexAsync, or ingest with the same settings).");
        }

        ThrowIfFailed(response.ApiCallDetails, response.Body, "read the index mapping");
        using var json = JsonDocument.Parse(response.Body);
        return IndexLayout.Parse(Index, json.RootElement, "dims");
    }

    private void ThrowIfFailed(ElasticsearchResponse response, string what, bool allowNotFound = false)
    {
        var details = response.ApiCallDetails;
        if (response.IsValidResponse || (allowNotFound && details.HttpStatusCode == 404))
        {
            return;
        }

        var error = response.ElasticsearchServerError?.Error is { } cause
            ? $"{cause.Type}: {cause.Reason}"
            : details.OriginalException?.Message;
        throw Failure(details, what, error);
    }

    private void ThrowIfFailed(ApiCallDetails details, string? body, string what)
    {
        if (details.HasSuccessfulStatusCode)
        {
            return;
        }

        throw Failure(details, what, string.IsNullOrEmpty(body) ? details.OriginalException?.Message : body);
    }

    private HttpRequestException Failure(ApiCallDetails details, string what, string? error) => new(
        $"Elasticsearch at {_options.ClusterLabel} could not {what} for index '{Index}': " +
        $"{(details.HttpStatusCode is { } status ? $"HTTP {status}{Refusal(status)}" : "no response")}: {error ?? "no details"}",
        details.OriginalException,
        details.HttpStatusCode is { } code ? (System.Net.HttpStatusCode)code : null);

    // A HEAD answers 401/403 without a body, so say what the status means rather than leave only the number.
    private static string Refusal(int status) => status switch
    {
        401 => " (the cluster refused the credentials: set Username and Password, or ApiKey)",
        403 => " (the credentials lack a privilege this needs)",
        _ => string.Empty,
    };
}
