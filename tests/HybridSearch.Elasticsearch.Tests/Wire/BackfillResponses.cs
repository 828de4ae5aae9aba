using System.Text.Json.Nodes;

namespace HybridSearch.Elasticsearch.Tests.Wire;

/// <summary>
/// Point-in-time and paged search responses in the shapes the Elasticsearch reference documents ("Open point in time API",
/// "Search API" with <c>pit</c>, "Close point in time API"): a search under a PIT answers with <c>pit_id</c> and each hit
/// with its <c>sort</c> values; named queries come back in <c>matched_queries</c>.
/// </summary>
internal static class BackfillResponses
{
    public static string OpenPit(string id, int shards = 1) =>
        new JsonObject
        {
            ["id"] = id,
            ["_shards"] = new JsonObject { ["total"] = shards, ["successful"] = shards, ["skipped"] = 0, ["failed"] = 0 },
        }.ToJsonString();

    public static string ClosePit() => """{"succeeded": true, "num_freed": 1}""";

    public static string Count(long count) =>
        "{\"count\": " + count + ", \"_shards\": {\"total\": 1, \"successful\": 1, \"skipped\": 0, \"failed\": 0}}";

    /// <summary>A stored document as ingestion writes it, less its vector (which a backfill never asks for).</summary>
    public static JsonObject Stored(string id, string? text, string? contentHash = null, string? title = null)
    {
        var source = new JsonObject { ["id"] = id, ["metadata"] = new JsonObject { ["lang"] = "en" } };
        if (text is not null)
        {
            source["text"] = text;
        }

        if (title is not null)
        {
            source["title"] = title;
        }

        if (contentHash is not null)
        {
            source["content_hash"] = contentHash;
        }

        return source;
    }

    /// <summary>One hit: <paramref name="missingVector"/> puts the backfill's named clause in <c>matched_queries</c>.</summary>
    public static JsonObject Hit(JsonObject source, bool missingVector = false, long? shardDoc = null, long seqNo = 4, long primaryTerm = 1)
    {
        var id = source["id"]!.GetValue<string>();
        var sort = new JsonArray(id);
        if (shardDoc is { } tiebreaker)
        {
            // The first page of a PIT search carries Elasticsearch's implicit _shard_doc tiebreaker as a second value.
            sort.Add(tiebreaker);
        }

        // seq_no_primary_term: true puts each hit's revision beside its _id.
        var hit = new JsonObject
        {
            ["_index"] = "docs-v1", ["_id"] = id, ["_seq_no"] = seqNo, ["_primary_term"] = primaryTerm, ["_score"] = null,
            ["_source"] = source, ["sort"] = sort,
        };
        if (missingVector)
        {
            hit["matched_queries"] = new JsonArray("missing_vector");
        }

        return hit;
    }

    public static string Page(string pitId, params JsonObject[] hits) =>
        new JsonObject
        {
            ["pit_id"] = pitId,
            ["took"] = 3,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject { ["max_score"] = null, ["hits"] = new JsonArray(hits) },
        }.ToJsonString();

    /// <summary>The answer to a search whose PIT has expired or was closed.</summary>
    public static string PitExpired(string pitId) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["root_cause"] = new JsonArray(new JsonObject
                {
                    ["type"] = "search_context_missing_exception",
                    ["reason"] = "No search context found for id [" + pitId + "]",
                }),
                ["type"] = "search_phase_execution_exception",
                ["reason"] = "all shards failed",
                ["phase"] = "query",
                ["grouped"] = true,
            },
            ["status"] = 404,
        }.ToJsonString();

    public static string TooManyRequests() =>
        """{"error": {"root_cause": [{"type": "es_rejected_execution_exception", "reason": "rejected execution"}], "type": "es_rejected_execution_exception", "reason": "rejected execution"}, "status": 429}""";
}
