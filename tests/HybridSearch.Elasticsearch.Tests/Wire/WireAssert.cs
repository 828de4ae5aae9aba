using System.Text.Json;
using System.Text.Json.Nodes;

namespace HybridSearch.Elasticsearch.Tests.Wire;

internal static class WireAssert
{
    /// <summary>Skips the calling <c>[SkippableFact]</c> when the OpenAPI document is absent.</summary>
    public static OpenApiValidator RequireOpenApi()
    {
        Skip.If(OpenApiDocument.Validator is null, OpenApiDocument.MissingReason);
        return OpenApiDocument.Validator!;
    }

    /// <summary>Fails with every violation when <paramref name="body"/> is not a valid request of the operation.</summary>
    public static void ValidRequest(string method, string path, JsonElement body)
    {
        var errors = RequireOpenApi().ValidateRequestBody(method, path, body);
        Assert.True(errors.Count == 0, $"{method.ToUpperInvariant()} {path} body violates the OpenAPI document:\n  " +
                                       string.Join("\n  ", errors) + "\nbody: " + body.GetRawText());
    }

    public static void ValidSchema(string schema, JsonElement instance)
    {
        var errors = RequireOpenApi().ValidateSchema(schema, instance);
        Assert.True(errors.Count == 0, $"{schema} violated:\n  " + string.Join("\n  ", errors) + "\ninstance: " + instance.GetRawText());
    }

    /// <summary>
    /// Validates every body the Elasticsearch client sent through <paramref name="handler"/> against the OpenAPI
    /// operation it addresses: index creation, search (with or without an index, for point-in-time searches), count and
    /// point-in-time bodies whole, bulk bodies line by line (action lines
    /// against <c>OperationContainer</c>; source lines are checked against the strict mapping by the bulk tests).
    /// </summary>
    public static void AllRequestsValid(RecordingHandler handler)
    {
        RequireOpenApi();
        foreach (var request in handler.Requests.Where(r => !string.IsNullOrEmpty(r.Body)))
        {
            var operation = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries) switch
            {
                [_] when request.Method == "PUT" => "/{index}",
                [_, "_search"] => "/{index}/_search",
                [_, "_count"] => "/{index}/_count",
                [_, "_bulk"] => "/{index}/_bulk",
                [_, "_pit"] => "/{index}/_pit",
                ["_pit"] => "/_pit",
                ["_search"] => "/_search",
                _ => throw new Xunit.Sdk.XunitException($"No OpenAPI operation is mapped for {request.Method} {request.Path}"),
            };
            if (operation == "/{index}/_bulk")
            {
                var expectSource = false;
                foreach (var line in request.Lines)
                {
                    if (!expectSource)
                    {
                        ValidSchema("_global.bulk.OperationContainer", line);
                        expectSource = !line.TryGetProperty("delete", out _);
                    }
                    else
                    {
                        Assert.Equal(JsonValueKind.Object, line.ValueKind);
                        expectSource = false;
                    }
                }

                continue;
            }

            ValidRequest(request.Method.ToLowerInvariant(), operation, request.Json);
        }
    }

    /// <summary>Asserts that <paramref name="actual"/> is the same JSON as <paramref name="expected"/> (key order ignored).</summary>
    public static void SameJson(string expected, JsonElement actual)
    {
        var want = JsonNode.Parse(expected);
        var got = JsonNode.Parse(actual.GetRawText());
        Assert.True(JsonNode.DeepEquals(want, got), $"JSON differs.\nexpected: {want?.ToJsonString()}\nactual:   {got?.ToJsonString()}");
    }
}
