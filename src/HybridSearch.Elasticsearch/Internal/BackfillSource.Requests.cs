using System.Globalization;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.QueryDsl;

namespace HybridSearch.Elasticsearch.Internal;

internal sealed partial class BackfillSource
{
    /// <summary>The fields a document is rebuilt from; never the vectors, which are what is being replaced.</summary>
    private static readonly string[] SourceFields = ["id", "title", "text", "metadata", "content_hash"];

    private async Task<string> OpenPitAsync(CancellationToken cancellationToken)
    {
        var request = new OpenPointInTimeRequest(_index) { KeepAlive = KeepAlive };
        var response = await SendAsync(token => _client.OpenPointInTimeAsync(request, token), cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(response, "open a point in time");
        if (string.IsNullOrEmpty(response.Id))
        {
            throw Failure(response.ApiCallDetails, "open a point in time", "the response has no id");
        }

        if (_options.SliceCount > 1 && response.Shards is { Total: > 0 } shards && _options.SliceCount > shards.Total)
        {
            // With more slices than shards, Elasticsearch splits a shard by Lucene doc ids, which differ between the PITs of
            // different workers (and between a PIT and its replacement): documents can be read twice or missed.
            LogSlicesSplitShards(_logger, _index, _options.SliceCount, shards.Total);
        }

        return response.Id;
    }

    private Task<SearchResponse<JsonElement>> SearchPageAsync(string pit, string? after, CancellationToken cancellationToken)
    {
        // No index in the path: the PIT names it. Sorting on the unique id keyword makes the last id a cursor that any
        // later PIT understands (sorting on _id is disabled by default in 9.x). A search_after of one value also keeps
        // Elasticsearch from adding its PIT-specific _shard_doc tiebreaker to the sort.
        var request = new Elastic.Clients.Elasticsearch.SearchRequest
        {
            Size = _options.PageSize,
            Pit = new PointInTimeReference(pit) { KeepAlive = KeepAlive },
            Sort = [new SortOptions { Field = new FieldSort(new Field("id")) { Order = SortOrder.Asc } }],
            Query = CandidateQuery(),
            Source = new SourceConfig(new SourceFilter { Includes = Fields.FromStrings(SourceFields) }),
            TrackTotalHits = new TrackHits(false),

            // The revision each document is read at, so the write of its vectors can require it unchanged.
            SeqNoPrimaryTerm = true,
        };
        if (after is not null)
        {
            request.SearchAfter = [FieldValue.String(after)];
        }

        if (_options.SliceCount > 1)
        {
            request.Slice = new SlicedScroll(new Id(_options.SliceId.ToString(CultureInfo.InvariantCulture)), _options.SliceCount);
        }

        return SendAsync(token => _client.SearchAsync<JsonElement>(request, token), cancellationToken);
    }

    private async Task ClosePitAsync(string pit)
    {
        // Runs when the scan ends, fails or is cancelled: never throws, so it cannot hide the reason the scan stopped.
        try
        {
            var request = new ClosePointInTimeRequest { Id = new Id(pit) };
            var response = await _client.ClosePointInTimeAsync(request, CancellationToken.None).ConfigureAwait(false);
            if (!response.IsValidResponse && response.ApiCallDetails.HttpStatusCode != 404)
            {
                LogPitCloseFailed(_logger, null, _index, response.ApiCallDetails.HttpStatusCode, response.ElasticsearchServerError?.Error?.Reason);
            }
        }
#pragma warning disable CA1031 // Closing is best effort; the PIT expires after its keep-alive anyway. Logged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPitCloseFailed(_logger, e, _index, null, e.Message);
        }
    }

    /// <summary>
    /// Documents that carry an <c>id</c> (the sort key). For <see cref="BackfillMode.MissingVectors"/> only those without a
    /// vector; otherwise all, with a named clause that marks the ones without a vector in <c>matched_queries</c>.
    /// </summary>
    private Query CandidateQuery()
    {
        var hasId = new Query { Exists = new ExistsQuery(new Field("id")) };
        if (_options.Mode == BackfillMode.MissingVectors)
        {
            return new Query { Bool = new BoolQuery { Filter = [hasId], MustNot = [VectorExists()] } };
        }

        var missing = new Query { Bool = new BoolQuery { MustNot = [VectorExists()], QueryName = BackfillHit.MissingVectorQuery } };
        return new Query { Bool = new BoolQuery { Filter = [hasId], Should = [missing] } };
    }

    // In the nested layout the vectors live in nested documents, which only a nested query can see.
    private Query VectorExists() => _backend.NestedPassages
        ? new Query { Nested = new NestedQuery(new Field("passages"), new Query { Exists = new ExistsQuery(new Field("passages.vector")) }) }
        : new Query { Exists = new ExistsQuery(new Field("vector")) };

    private Duration KeepAlive => new(_options.KeepAlive);

    /// <summary>Why the PIT can no longer be read (expired or shards lost), or null when the page is good or failed otherwise.</summary>
    private static string? PitLost(SearchResponse<JsonElement> response)
    {
        var status = response.ApiCallDetails.HttpStatusCode;
        if (status == 404)
        {
            return response.ElasticsearchServerError?.Error is { } error ? $"{error.Type}: {error.Reason}" : "HTTP 404";
        }

        if (response.IsValidResponse && response.Shards is { Failed: > 0 } shards)
        {
            var first = shards.Failures?.FirstOrDefault()?.Reason;
            return string.Create(CultureInfo.InvariantCulture, $"{shards.Failed} of {shards.Total} shards failed") +
                   (first is null ? string.Empty : $": {first.Type}: {first.Reason}");
        }

        return null;
    }
}
