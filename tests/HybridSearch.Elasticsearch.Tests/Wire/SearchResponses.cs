using System.Globalization;
using System.Text.Json.Nodes;

namespace HybridSearch.Elasticsearch.Tests.Wire;

/// <summary>Search responses in the documented shape (Elasticsearch reference, "Search API", response body).</summary>
internal static class SearchResponses
{
    public static string Hits(params (string Id, double Score, string? Title, string Text, int? BestPassage)[] hits) => Hits(hits, null);

    public static string Hits((string Id, double Score, string? Title, string Text, int? BestPassage)[] hits, Func<string, JsonObject>? extraSource)
    {
        var array = new JsonArray();
        foreach (var (id, score, title, text, best) in hits)
        {
            var source = new JsonObject { ["id"] = id, ["text"] = text, ["content_hash"] = "h-" + id, ["metadata"] = new JsonObject { ["lang"] = "en" } };
            if (title is not null)
            {
                source["title"] = title;
            }

            foreach (var (key, value) in extraSource?.Invoke(id) ?? [])
            {
                source[key] = value?.DeepClone();
            }

            var hit = new JsonObject { ["_index"] = "docs-v1", ["_id"] = id, ["_score"] = score, ["_source"] = source };
            if (best is { } offset)
            {
                hit["inner_hits"] = new JsonObject
                {
                    ["passages.vector"] = new JsonObject
                    {
                        ["hits"] = new JsonObject
                        {
                            ["total"] = new JsonObject { ["value"] = 1, ["relation"] = "eq" },
                            ["max_score"] = score,
                            ["hits"] = new JsonArray(new JsonObject
                            {
                                ["_index"] = "docs-v1",
                                ["_id"] = id,
                                ["_nested"] = new JsonObject { ["field"] = "passages", ["offset"] = offset },
                                ["_score"] = score,
                            }),
                        },
                    },
                };
            }

            array.Add(hit);
        }

        return new JsonObject
        {
            ["took"] = 4,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject
            {
                ["max_score"] = hits.Length == 0 ? null : JsonValue.Create(hits[0].Score),
                ["hits"] = array,
            },
        }.ToJsonString();
    }

    public static string Vector(params float[] values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
