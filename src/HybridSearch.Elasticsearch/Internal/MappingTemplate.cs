using System.Text.Json.Nodes;
using HybridSearch.Encoders;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// The create-index bodies of <c>mappings/</c> (embedded in this assembly) with their placeholders filled in. A placeholder
/// is a whole JSON string value (or key) such as <c>"{{encoder.dimensions}}"</c>, replaced by a typed value.
/// </summary>
internal static class MappingTemplate
{
    /// <summary>Similarity of the vector field: the packaged encoders emit unit vectors, so dot product is cosine.</summary>
    public const string Similarity = "dot_product";

    /// <summary>Renders the template for <paramref name="options"/> and <paramref name="encoder"/>.</summary>
    public static JsonObject Render(ElasticsearchBackendOptions options, EncoderIdentity encoder)
    {
        var engine = options.Engine == SearchEngine.OpenSearch ? "opensearch" : "elasticsearch";
        var file = options.NestedPassages ? "documents-nested.json" : "documents.json";
        var resource = $"mappings/{engine}/{file}";
        using var stream = typeof(MappingTemplate).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException(
                $"Index template '{resource}' is missing from {typeof(MappingTemplate).Assembly.GetName().Name}.");
        var root = JsonNode.Parse(stream)?.AsObject()
            ?? throw new InvalidOperationException($"Index template '{resource}' is not a JSON object.");

        var values = new Dictionary<string, Func<JsonNode>>(StringComparer.Ordinal)
        {
            ["{{encoder.model}}"] = () => JsonValue.Create(encoder.Model),
            ["{{encoder.sha256}}"] = () => JsonValue.Create(encoder.Sha256),
            ["{{encoder.dimensions}}"] = () => JsonValue.Create(encoder.Dimensions),
            ["{{vector.similarity}}"] = () => JsonValue.Create(Similarity),
            ["{{vector.index_options}}"] = () => ElasticsearchIndexOptions(options),
            ["{{vector.method}}"] = () => OpenSearchMethod(options),
        };
        var keys = new Dictionary<string, string>(StringComparer.Ordinal) { ["{{alias}}"] = options.IndexName };
        Substitute(root, values, keys, resource);
        return root;
    }

    /// <summary>The <c>index_options</c> object of the <c>dense_vector</c> field.</summary>
    public static JsonObject ElasticsearchIndexOptions(ElasticsearchBackendOptions options)
    {
        var type = options.VectorIndex switch
        {
            VectorIndexType.Hnsw => "hnsw",
            VectorIndexType.Int8Hnsw => "int8_hnsw",
            VectorIndexType.BbqHnsw => "bbq_hnsw",
            VectorIndexType.Flat => "flat",
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.VectorIndex, "Unknown vector index type."),
        };
        var result = new JsonObject { ["type"] = type };
        if (options.VectorIndex != VectorIndexType.Flat)
        {
            result["m"] = options.HnswM;
            result["ef_construction"] = options.HnswEfConstruction;
        }

        return result;
    }

    private static JsonObject OpenSearchMethod(ElasticsearchBackendOptions options) => new()
    {
        ["name"] = "hnsw",
        ["engine"] = "lucene",
        ["space_type"] = "innerproduct",
        ["parameters"] = new JsonObject { ["m"] = options.HnswM, ["ef_construction"] = options.HnswEfConstruction },
    };

    private static void Substitute(
        JsonNode node, Dictionary<string, Func<JsonNode>> values, Dictionary<string, string> keys, string resource)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, _) in obj.ToList())
            {
                if (keys.TryGetValue(key, out var newKey))
                {
                    var child = obj[key];
                    obj.Remove(key);
                    obj[newKey] = child;
                }
            }

            foreach (var (key, child) in obj.ToList())
            {
                if (child is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith("{{", StringComparison.Ordinal))
                {
                    obj[key] = values.TryGetValue(text, out var make)
                        ? make()
                        : throw new InvalidOperationException(
                            $"Index template '{resource}' has unknown placeholder {text} at '{child.GetPath()}'.");
                }
                else if (child is not null)
                {
                    Substitute(child, values, keys, resource);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is not null)
                {
                    Substitute(item, values, keys, resource);
                }
            }
        }
    }
}
