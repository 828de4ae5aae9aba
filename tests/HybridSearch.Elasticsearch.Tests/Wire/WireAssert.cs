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

    /// <summary>Asserts that <paramref name="actual"/> is the same JSON as <paramref name="expected"/> (key order ignored).</summary>
    public static void SameJson(string expected, JsonElement actual)
    {
        var want = JsonNode.Parse(expected);
        var got = JsonNode.Parse(actual.GetRawText());
        Assert.True(JsonNode.DeepEquals(want, got), $"JSON differs.\nexpected: {want?.ToJsonString()}\nactual:   {got?.ToJsonString()}");
    }
}
