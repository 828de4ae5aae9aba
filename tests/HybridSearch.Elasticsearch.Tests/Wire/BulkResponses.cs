using System.Text.Json.Nodes;

namespace HybridSearch.Elasticsearch.Tests.Wire;

/// <summary>Bulk responses in the documented shape (Elasticsearch reference, "Bulk API", response body).</summary>
internal static class BulkResponses
{
    public static string Items(params (string Op, string Id, int Status, string? ErrorType, string? Reason)[] items)
    {
        var array = new JsonArray();
        var errors = false;
        foreach (var (op, id, status, errorType, reason) in items)
        {
            var result = new JsonObject { ["_index"] = "docs-v1", ["_id"] = id, ["status"] = status };
            if (errorType is null)
            {
                result["_version"] = 1;
                result["result"] = op == "delete" ? (status == 404 ? "not_found" : "deleted") : "created";
                result["_shards"] = new JsonObject { ["total"] = 2, ["successful"] = 1, ["failed"] = 0 };
                result["_seq_no"] = 0;
                result["_primary_term"] = 1;
            }
            else
            {
                errors = true;
                result["error"] = new JsonObject { ["type"] = errorType, ["reason"] = reason };
            }

            array.Add(new JsonObject { [op] = result });
        }

        return new JsonObject { ["took"] = 3, ["errors"] = errors, ["items"] = array }.ToJsonString();
    }

    public static string Created(params string[] ids) => Items([.. ids.Select(id => ("index", id, 201, (string?)null, (string?)null))]);

    public const string Rejected429 = """
        {"error": {"root_cause": [{"type": "es_rejected_execution_exception", "reason": "rejected execution of coordinating operation"}],
                   "type": "es_rejected_execution_exception", "reason": "rejected execution of coordinating operation"},
         "status": 429}
        """;

    public const string MapperParsing = "failed to parse field [vector] of type [dense_vector] in document with id 'd2'";

    public const string QueueFull = "rejected execution of primary operation [coordinating_and_primary_bytes=0, max_coordinating_and_primary_bytes=0]";
}
