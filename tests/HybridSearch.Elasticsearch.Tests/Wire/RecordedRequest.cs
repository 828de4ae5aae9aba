using System.Text.Json;

namespace HybridSearch.Elasticsearch.Tests.Wire;

/// <summary>One request the client sent.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? Body, string? ContentType, string? Authorization = null)
{
    public string Path => PathAndQuery.Split('?')[0];

    public JsonElement Json => JsonDocument.Parse(Body ?? throw new InvalidOperationException($"{Method} {Path} has no body")).RootElement;

    /// <summary>The NDJSON lines of a bulk body.</summary>
    public List<JsonElement> Lines => (Body ?? string.Empty)
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(static l => JsonDocument.Parse(l).RootElement)
        .ToList();
}
