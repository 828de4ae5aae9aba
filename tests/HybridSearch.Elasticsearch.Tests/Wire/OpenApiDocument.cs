using System.Text.Json;

namespace HybridSearch.Elasticsearch.Tests.Wire;

/// <summary>
/// Elastic's published OpenAPI description (shared/reference/elasticsearch-openapi), found by walking up from the test
/// directory for <c>shared/reference</c>, then <c>$HYBRIDSEARCH_SHARED</c>, then <c>/work/shared</c>. Loaded once.
/// </summary>
internal static class OpenApiDocument
{
    private const string RelativePath = "reference/elasticsearch-openapi/elasticsearch-serverless-openapi.json";
    private static readonly Lazy<OpenApiValidator?> Instance = new(Load);

    /// <summary>The validator, or null when the document is not on this machine (tests then skip).</summary>
    public static OpenApiValidator? Validator => Instance.Value;

    public static string? Path => FindPath();

    public static string MissingReason => $"Elastic's OpenAPI document ({RelativePath}) is not under shared/ on this machine";

    private static OpenApiValidator? Load()
    {
        var path = FindPath();
        if (path is null)
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return new OpenApiValidator(JsonDocument.Parse(stream).RootElement.Clone());
    }

    private static string? FindPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var root in new[] { Environment.GetEnvironmentVariable("HYBRIDSEARCH_SHARED"), "/work/shared" })
        {
            if (!string.IsNullOrEmpty(root) && File.Exists(System.IO.Path.Combine(root, RelativePath)))
            {
                return System.IO.Path.Combine(root, RelativePath);
            }
        }

        return null;
    }
}
