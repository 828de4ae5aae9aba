using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using HybridSearch.Ingestion;
using HybridSearch.Search;

namespace HybridSearch.Ingestion.Sources;

/// <summary>
/// Turns one JSONL line into a record: an object with the id in <c>id</c> or <c>_id</c> (as in BEIR), <c>text</c>, an
/// optional <c>title</c>; every other field is kept as metadata (a nested <c>metadata</c> object is flattened one level).
/// Bad lines become error records naming the reason: invalid UTF-8 (with the byte offset), malformed JSON, not an object,
/// missing id, missing text.
/// </summary>
internal static class JsonlRecordParser
{
    private const int RawChars = 1000;

    // Strict decoding: invalid bytes throw instead of becoming U+FFFD, so they are reported, never indexed.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The record for <paramref name="line"/>, or null for a blank line.</summary>
    public static SourceRecord? Parse(ReadOnlySpan<byte> line, string cursor, string source, long lineNumber)
    {
        if (line.Trim(" \t"u8).IsEmpty)
        {
            return null;
        }

        if (!Utf8.IsValid(line))
        {
            return SourceRecord.ForError(cursor, source, lineNumber, InvalidUtf8Reason(line), Raw(line));
        }

        try
        {
            using var json = JsonDocument.Parse(line.ToArray());
            return FromJson(json.RootElement, cursor, source, lineNumber, line);
        }
        catch (JsonException e)
        {
            return SourceRecord.ForError(cursor, source, lineNumber, $"malformed JSON: {e.Message}", Raw(line));
        }
    }

    private static SourceRecord FromJson(JsonElement root, string cursor, string source, long lineNumber, ReadOnlySpan<byte> line)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return SourceRecord.ForError(cursor, source, lineNumber, $"expected a JSON object, found {root.ValueKind}", Raw(line));
        }

        var id = ReadId(root, "id") ?? ReadId(root, "_id");
        if (string.IsNullOrWhiteSpace(id))
        {
            return SourceRecord.ForError(cursor, source, lineNumber, "missing id (no non-empty string or number in \"id\" or \"_id\")",
                Raw(line));
        }

        if (!root.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
        {
            return SourceRecord.ForError(cursor, source, lineNumber, $"document '{id}' has no \"text\" string", Raw(line));
        }

        string? title = null;
        if (root.TryGetProperty("title", out var titleElement) && titleElement.ValueKind == JsonValueKind.String)
        {
            title = titleElement.GetString();
        }

        var document = new SearchDocument(id, textElement.GetString()!, title, ReadMetadata(root));
        return SourceRecord.ForDocument(cursor, source, lineNumber, document);
    }

    private static string? ReadId(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };

    private static Dictionary<string, string>? ReadMetadata(JsonElement root)
    {
        Dictionary<string, string>? metadata = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "id" or "_id" or "text" or "title":
                    continue;
                case "metadata" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var nested in property.Value.EnumerateObject())
                    {
                        Add(ref metadata, nested.Name, nested.Value);
                    }

                    continue;
                default:
                    Add(ref metadata, property.Name, property.Value);
                    continue;
            }
        }

        return metadata;
    }

    private static void Add(ref Dictionary<string, string>? metadata, string name, JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
        if (text is not null)
        {
            (metadata ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = text;
        }
    }

    private static string InvalidUtf8Reason(ReadOnlySpan<byte> line)
    {
        try
        {
            _ = StrictUtf8.GetCharCount(line);
            return "invalid UTF-8";
        }
        catch (DecoderFallbackException e)
        {
            var bytes = e.BytesUnknown is { Length: > 0 } unknown ? Convert.ToHexString(unknown) : "?";
            return string.Create(CultureInfo.InvariantCulture, $"invalid UTF-8 at byte {e.Index} of the line (0x{bytes})");
        }
    }

    /// <summary>The line as far as it decodes (invalid bytes replaced), cut to a readable length for dead letters.</summary>
    public static string Raw(ReadOnlySpan<byte> line)
    {
        var text = System.Text.Encoding.UTF8.GetString(line[..Math.Min(line.Length, RawChars * 4)]);
        return text.Length <= RawChars ? text : string.Concat(text.AsSpan(0, RawChars), "…");
    }
}
