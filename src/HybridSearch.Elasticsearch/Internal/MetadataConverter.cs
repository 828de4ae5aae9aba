using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// Reads a document's <c>metadata</c> object whatever JSON its values are: an index written by another tool (or a
/// <c>flattened</c> field, which keeps the source as sent) may hold numbers, booleans, arrays or objects where HybridSearch
/// writes strings. Strings come back as they are, every other value as its JSON text (as the JSONL reader keeps it), and
/// nulls are dropped, so one hit with <c>"year": 2020</c> no longer fails a whole search.
/// </summary>
internal sealed class MetadataConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"'metadata' is a JSON {reader.TokenType}, not an object.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    metadata[name] = reader.GetString()!;
                    break;
                case JsonTokenType.Null:
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    using (var value = JsonDocument.ParseValue(ref reader))
                    {
                        metadata[name] = value.RootElement.GetRawText();
                    }

                    break;
                default:
                    // Numbers and booleans: their JSON text, exactly as stored.
                    metadata[name] = System.Text.Encoding.UTF8.GetString(
                        reader.HasValueSequence ? BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
                    break;
            }
        }

        return metadata;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }

        writer.WriteEndObject();
    }
}
