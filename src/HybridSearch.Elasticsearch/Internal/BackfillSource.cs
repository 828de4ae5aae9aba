using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using Microsoft.Extensions.Logging;
using Polly;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// Scans an index under a point in time (PIT), sorted on the unique <c>id</c> keyword with <c>search_after</c>, and yields
/// the documents <see cref="BackfillHit"/> selects. The cursor of a record is its <c>id</c>, which means the same thing
/// under any PIT: a resumed run, or a PIT that expired mid-scan, opens a fresh PIT and continues after it. One reader at a
/// time per instance; the PIT is closed when the scan ends, fails or is abandoned.
/// </summary>
internal sealed partial class BackfillSource : IDocumentSource
{
    private const string CursorPrefix = "id:";

    // A PIT that is gone again right after being reopened points at a real problem (keep-alive far too short, shards lost).
    private const int MaxConsecutiveReopens = 3;

    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchBackendOptions _backend;
    private readonly ElasticsearchBackfillOptions _options;
    private readonly Func<SearchDocument, string>? _contentHash;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<ElasticsearchResponse> _retry;
    private readonly string _index;

    public BackfillSource(
        ElasticsearchBackendOptions backend,
        ElasticsearchBackfillOptions options,
        Func<SearchDocument, string>? contentHash,
        IRequestInvoker? invoker,
        ILogger logger,
        TimeProvider timeProvider,
        Func<double>? randomizer)
    {
        _backend = backend;
        _options = options;
        _contentHash = contentHash;
        _logger = logger;
        _index = options.EffectiveIndex(backend);
        _client = new ElasticsearchClient(ElasticsearchEngine.CreateSettings(backend, invoker));
        _retry = RetryPipelines.Create<ElasticsearchResponse>(
            backend, timeProvider, randomizer, IsTransient, (response, attempt, delay) => LogRetrying(
                _logger, _index, attempt, delay, response.ApiCallDetails.HttpStatusCode));
        Name = string.Create(CultureInfo.InvariantCulture, $"{backend.Url!.AbsoluteUri.TrimEnd('/')}/{_index} (backfill") +
               (options.SliceCount > 1
                   ? string.Create(CultureInfo.InvariantCulture, $", slice {options.SliceId} of {options.SliceCount})")
                   : ")");
    }

    /// <summary>The cluster, index and slice: a checkpoint of one slice never resumes another.</summary>
    public string Name { get; }

    /// <summary>
    /// For <see cref="BackfillMode.MissingVectors"/> without slicing, the documents still missing a vector (<c>_count</c>
    /// has no slices); otherwise null, since which documents changed is only known once they are read.
    /// </summary>
    public async ValueTask<long?> CountAsync(CancellationToken cancellationToken = default)
    {
        if (_options.Mode != BackfillMode.MissingVectors || _options.SliceCount > 1)
        {
            return null;
        }

        var request = new CountRequest(_index) { Query = CandidateQuery() };
        var response = await SendAsync(token => _client.CountAsync(request, token), cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(response, "count documents missing vectors");
        return response.Count;
    }

    public IAsyncEnumerable<SourceRecord> ReadAsync(string? resumeAfter, CancellationToken cancellationToken = default)
    {
        string? after = null;
        if (resumeAfter is not null)
        {
            if (!resumeAfter.StartsWith(CursorPrefix, StringComparison.Ordinal) || resumeAfter.Length == CursorPrefix.Length)
            {
                throw new InvalidDataException(
                    $"Cursor '{resumeAfter}' does not belong to {Name}: a backfill cursor is '{CursorPrefix}' and a document id.");
            }

            after = resumeAfter[CursorPrefix.Length..];
        }

        return ReadCoreAsync(after, cancellationToken);
    }

    private async IAsyncEnumerable<SourceRecord> ReadCoreAsync(string? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pit = await OpenPitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var reopens = 0;
            while (true)
            {
                var response = await SearchPageAsync(pit, after, cancellationToken).ConfigureAwait(false);
                if (PitLost(response) is { } reason)
                {
                    if (++reopens > MaxConsecutiveReopens)
                    {
                        throw Failure(response.ApiCallDetails, $"keep a point in time open ({reopens - 1} reopened in a row)", reason);
                    }

                    LogPitReopened(_logger, _index, after ?? "(start)", reason);
                    if (response.ApiCallDetails.HttpStatusCode != 404)
                    {
                        // Shards failed under a PIT that still exists: release it before taking a new one.
                        await ClosePitAsync(pit).ConfigureAwait(false);
                    }

                    pit = null;
                    pit = await OpenPitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                ThrowIfFailed(response, "read a page of documents");
                reopens = 0;

                // The server may hand back a new PIT id after each search; the latest one is the one to use.
                pit = string.IsNullOrEmpty(response.PitId) ? pit : response.PitId;
                var hits = response.Hits;
                foreach (var hit in hits)
                {
                    after = SortKeyOf(hit);
                    var record = BackfillHit.Select(hit, _index, CursorPrefix + after, _options.Mode, _contentHash);
                    if (record is not null)
                    {
                        yield return record;
                    }
                }

                // A short page is the last one: no request just to learn that the next page is empty.
                if (hits.Count < _options.PageSize)
                {
                    break;
                }
            }
        }
        finally
        {
            if (pit is not null)
            {
                await ClosePitAsync(pit).ConfigureAwait(false);
            }
        }
    }

    private string SortKeyOf(Elastic.Clients.Elasticsearch.Core.Search.Hit<JsonElement> hit)
    {
        if (hit.Sort is { Count: > 0 } sort && sort.First().TryGetString(out var id) && id.Length > 0)
        {
            return id;
        }

        throw new InvalidDataException(
            $"Index '{_index}' returned document '{hit.Id}' without a string sort value for 'id'; the backfill pages by the 'id' " +
            "keyword field of the HybridSearch mapping.");
    }

    private static bool IsTransient(ElasticsearchResponse response) =>
        response.ApiCallDetails.HttpStatusCode is not { } status || TransientFailure.IsTransientStatus(status);

    private async Task<T> SendAsync<T>(Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
        where T : ElasticsearchResponse
    {
        var response = await _retry.ExecuteAsync(
            static async (state, token) => (ElasticsearchResponse)await state(token).ConfigureAwait(false), send, cancellationToken)
            .ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return (T)response;
    }

    private void ThrowIfFailed(ElasticsearchResponse response, string what)
    {
        if (response.IsValidResponse)
        {
            return;
        }

        var error = response.ElasticsearchServerError?.Error is { } cause
            ? $"{cause.Type}: {cause.Reason}"
            : response.ApiCallDetails.OriginalException?.Message;
        throw Failure(response.ApiCallDetails, what, error);
    }

    private HttpRequestException Failure(ApiCallDetails details, string what, string? error) => new(
        $"Elasticsearch at {_backend.Url} could not {what} for the backfill of index '{_index}': " +
        $"{(details.HttpStatusCode is { } status ? string.Create(CultureInfo.InvariantCulture, $"HTTP {status}") : "no response")}: " +
        $"{error ?? "no details"}",
        details.OriginalException,
        details.HttpStatusCode is { } code ? (System.Net.HttpStatusCode)code : null);
}
