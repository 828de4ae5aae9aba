using System.Text.Json;
using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>What an existing index's mapping says: its concrete name, encoder identity, vector size and passage layout.</summary>
internal sealed record IndexLayout(string ConcreteIndex, EncoderIdentity? Encoder, int Dimensions, bool Nested)
{
    /// <summary>
    /// Reads a <c>GET {index}/_mapping</c> response (one entry per concrete index behind the name). <paramref name="dimensionKey"/>
    /// is <c>dims</c> for Elasticsearch and <c>dimension</c> for OpenSearch.
    /// </summary>
    public static IndexLayout Parse(string indexName, JsonElement response, string dimensionKey)
    {
        using var indices = response.EnumerateObject();
        if (!indices.MoveNext())
        {
            throw new InvalidOperationException($"Index '{indexName}' returned an empty mapping response.");
        }

        var entry = indices.Current;
        if (indices.MoveNext())
        {
            throw new InvalidOperationException(
                $"'{indexName}' resolves to several indices ({entry.Name}, {indices.Current.Name}, …); " +
                "point IndexName at one index or alias.");
        }

        if (!entry.Value.TryGetProperty("mappings", out var mappings))
        {
            throw new InvalidOperationException($"Index '{entry.Name}' has no mappings.");
        }

        var properties = mappings.TryGetProperty("properties", out var p) ? p : default;
        int? dims = null;
        var nested = false;
        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("vector", out var vector))
        {
            dims = ReadDimensions(vector, dimensionKey);
        }
        else if (properties.ValueKind == JsonValueKind.Object
                 && properties.TryGetProperty("passages", out var passages)
                 && passages.TryGetProperty("properties", out var passageProperties)
                 && passageProperties.TryGetProperty("vector", out var passageVector))
        {
            dims = ReadDimensions(passageVector, dimensionKey);
            nested = true;
        }

        if (dims is null)
        {
            throw new InvalidOperationException(
                $"Index '{entry.Name}' has no 'vector' or 'passages.vector' field with {dimensionKey}; " +
                "it was not created by HybridSearch. " +
                "Choose another IndexName or delete the index.");
        }

        return new IndexLayout(entry.Name, ReadEncoder(mappings), dims.Value, nested);
    }

    /// <summary>Throws when this index cannot take vectors of <paramref name="encoder"/> in the layout <paramref name="nested"/>.</summary>
    public void EnsureCompatible(string indexName, EncoderIdentity encoder, bool nested)
    {
        if (Encoder is null)
        {
            if (Dimensions != encoder.Dimensions)
            {
                throw new IncompatibleEncoderException(
                    ConcreteIndex, new EncoderIdentity("(unrecorded)", string.Empty, Dimensions), encoder);
            }

            throw new InvalidOperationException(
                $"Index '{ConcreteIndex}' (behind '{indexName}') records no encoder identity in its mapping _meta, so vectors of " +
                $"{encoder} cannot be checked against it. Recreate the index with HybridSearch.");
        }

        if (Dimensions != encoder.Dimensions || !Encoder.IsCompatibleWith(encoder))
        {
            throw new IncompatibleEncoderException(ConcreteIndex, Encoder with { Dimensions = Dimensions }, encoder);
        }

        if (Nested != nested)
        {
            throw new InvalidOperationException(
                $"Index '{ConcreteIndex}' stores {(Nested ? "nested passages" : "one vector per document")}, but NestedPassages is " +
                $"{(nested ? "true" : "false")}. Set HybridSearch:Elasticsearch:NestedPassages to " +
                $"{(Nested ? "true" : "false")} or use another index.");
        }
    }

    private static int? ReadDimensions(JsonElement field, string dimensionKey) =>
        field.TryGetProperty(dimensionKey, out var dims) && dims.TryGetInt32(out var value) ? value : null;

    private static EncoderIdentity? ReadEncoder(JsonElement mappings)
    {
        if (!mappings.TryGetProperty("_meta", out var meta) || !meta.TryGetProperty("encoder", out var encoder))
        {
            return null;
        }

        var model = encoder.TryGetProperty("model", out var m) ? m.GetString() : null;
        var sha = encoder.TryGetProperty("sha256", out var s) ? s.GetString() : null;
        var dims = encoder.TryGetProperty("dimensions", out var d) && d.TryGetInt32(out var value) ? value : 0;
        return model is null || sha is null ? null : new EncoderIdentity(model, sha, dims);
    }
}
