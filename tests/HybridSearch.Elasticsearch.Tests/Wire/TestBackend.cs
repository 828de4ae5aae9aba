using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Tests.Wire;

/// <summary>Backends over a <see cref="RecordingHandler"/>, with an instant clock and fixed jitter.</summary>
internal static class TestBackend
{
    /// <summary>A four-dimensional encoder identity keeps request bodies readable.</summary>
    public static readonly EncoderIdentity Encoder = new("minilm", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db", 4);

    public static ElasticsearchBackendOptions Options(Action<ElasticsearchBackendOptions>? configure = null)
    {
        var options = new ElasticsearchBackendOptions
        {
            Url = new Uri("http://es.test:9200"),
            IndexName = "docs",
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            MaxRetries = 3,
        };
        configure?.Invoke(options);
        return options;
    }

    public static ElasticsearchBackend Create(RecordingHandler handler, ElasticsearchBackendOptions options, TimeProvider? time = null) =>
        ElasticsearchBackend.Create(options, handler, null, time ?? new InstantTimeProvider(), () => 0.5);

    /// <summary>A <c>GET docs/_mapping</c> answer for an index created by HybridSearch.</summary>
    public static string MappingResponse(EncoderIdentity encoder, bool nested = false, string dimsKey = "dims")
    {
        var vector = "{\"type\": \"dense_vector\", \"" + dimsKey + "\": " + encoder.Dimensions + ", \"index\": true, \"similarity\": \"dot_product\"}";
        var properties = nested
            ? "{\"id\": {\"type\": \"keyword\"}, \"passages\": {\"type\": \"nested\", \"properties\": {\"start\": {\"type\": \"integer\"}, " +
              "\"length\": {\"type\": \"integer\"}, \"vector\": " + vector + "}}}"
            : "{\"id\": {\"type\": \"keyword\"}, \"vector\": " + vector + "}";
        var meta = "{\"encoder\": {\"model\": \"" + encoder.Model + "\", \"sha256\": \"" + encoder.Sha256 + "\", \"dimensions\": " + encoder.Dimensions +
                   "}, \"layout\": {\"schema_version\": 1, \"passages\": \"" + (nested ? "nested" : "single") + "\"}}";
        return "{\"docs-v1\": {\"mappings\": {\"_meta\": " + meta + ", \"dynamic\": \"strict\", \"properties\": " + properties + "}}}";
    }

    /// <summary>
    /// A handler for searches of an index created by HybridSearch in the given layout: its mapping read is answered, and
    /// left out of <see cref="RecordingHandler.Requests"/>.
    /// </summary>
    public static RecordingHandler Searching(bool nested = false, string dimsKey = "dims") =>
        new RecordingHandler().AnswerMapping(MappingResponse(Encoder, nested, dimsKey));

    /// <summary>A handler already answering the mapping read that writes need for the vector size.</summary>
    public static RecordingHandler WithMapping(bool nested = false) => new RecordingHandler().Respond(200, MappingResponse(Encoder, nested));

    public static EncodedDocument Document(string id, string text, string? title = null, params float[][] passages)
    {
        var encoded = new List<EncodedPassage>();
        var start = 0;
        var encodingText = title is null ? text : title + " " + text;
        foreach (var vector in passages)
        {
            var length = passages.Length == 1 ? encodingText.Length : Math.Min(5, encodingText.Length - start);
            encoded.Add(new EncodedPassage(start, length, vector));
            start += length;
        }

        return new EncodedDocument(new SearchDocument(id, text, title, new Dictionary<string, string> { ["lang"] = "en" }), encoded, "hash-" + id);
    }
}
