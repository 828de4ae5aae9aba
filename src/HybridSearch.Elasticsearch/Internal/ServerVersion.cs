using System.Text.Json;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// What a cluster's root endpoint (<c>GET /</c>) says it is: <c>version.number</c>, and <c>version.distribution</c>,
/// which OpenSearch sets to <c>opensearch</c> and Elasticsearch leaves out. Read once per backend, before the first request
/// that depends on it, so that a server the client cannot talk to is refused with one message naming both versions.
/// </summary>
internal sealed record ServerVersion(string Distribution, Version Number, string Text)
{
    /// <summary>The oldest Elasticsearch this backend's client (Elastic.Clients.Elasticsearch 9.x) talks to.</summary>
    public static readonly Version ElasticsearchFloor = new(9, 0);

    /// <summary>
    /// The oldest OpenSearch this backend supports: the Lucene engine's <c>innerproduct</c> space, which the mapping uses
    /// for unit vectors, arrived in 2.13.
    /// </summary>
    public static readonly Version OpenSearchFloor = new(2, 13);

    // _source.exclude_vectors, which 9.2 needs to return stored vectors, is refused as unknown by older servers.
    private static readonly Version ExcludeVectorsSince = new(9, 1);

    public bool IsOpenSearch => Distribution == "opensearch";

    /// <summary>Whether <c>_source.exclude_vectors</c> may be sent.</summary>
    public bool TakesExcludeVectors => !IsOpenSearch && Number >= ExcludeVectorsSince;

    public static ServerVersion Parse(JsonElement root, string cluster)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version)
            || !version.TryGetProperty("number", out var number) || number.GetString() is not { } text)
        {
            throw new InvalidOperationException($"{cluster} did not say which version it is (GET / has no version.number).");
        }

        var distribution = version.TryGetProperty("distribution", out var d) && d.GetString() is { } name ? name : "elasticsearch";

        // "9.2.0", "9.3.0-SNAPSHOT", "3.0.0-alpha1": the numeric part decides.
        var numeric = text.Split('-', 2)[0];
        if (!Version.TryParse(numeric, out var parsed))
        {
            throw new InvalidOperationException($"{cluster} reports version '{text}', which is not a version number.");
        }

        return new ServerVersion(distribution, parsed, text);
    }

    /// <summary>Throws unless this is a server the chosen engine can talk to; the message names both versions.</summary>
    public void EnsureSupported(SearchEngine engine, string cluster)
    {
        var shown = Text;
        if (engine == SearchEngine.Elasticsearch && IsOpenSearch)
        {
            throw new InvalidOperationException($"{cluster} is OpenSearch {shown}; set HybridSearch:Elasticsearch:Engine to OpenSearch.");
        }

        if (engine == SearchEngine.OpenSearch && !IsOpenSearch)
        {
            throw new InvalidOperationException(
                $"{cluster} is Elasticsearch {shown}; set HybridSearch:Elasticsearch:Engine to Elasticsearch (the default).");
        }

        if (IsOpenSearch && Number < OpenSearchFloor)
        {
            throw new InvalidOperationException(
                $"{cluster} is OpenSearch {shown}; HybridSearch needs OpenSearch {OpenSearchFloor.ToString(2)} or newer " +
                "(its Lucene innerproduct space for dot-product vectors). Upgrade the cluster.");
        }

        if (!IsOpenSearch && Number.Major != ElasticsearchFloor.Major)
        {
            throw new InvalidOperationException(
                $"{cluster} is Elasticsearch {shown}; this backend's client (Elastic.Clients.Elasticsearch 9.x) talks to " +
                $"Elasticsearch 9.x only. {(Number.Major < 9 ? "Upgrade the cluster to 9.x." : "Use a HybridSearch release built for it.")}");
        }
    }
}
