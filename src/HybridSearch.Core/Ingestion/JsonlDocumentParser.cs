using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using HybridSearch.Search;

namespace HybridSearch.Ingestion;

/// <summary>
/// The one reading of a JSONL document line, shared by ingestion, <c>embed</c> and BEIR corpora: a JSON object with the id
/// in <c>id</c> or else <c>_id</c> (as in BEIR; a non-empty string, or a number kept as its JSON text), a <c>text</c>
/// string and an optional <c>title</c> string (null or empty means none); every other field is kept as metadata (strings
/// as they are, other values as JSON text, nulls dropped; the fields of a nested <c>metadata</c> object are lifted one
/// level). A line may bring vectors made elsewhere instead of having its text encoded: a <c>vector</c> array of numbers for
/// the whole document (then <c>text</c> may be left out: a vectors-only document), or <c>passages</c>, an array of
/// <c>{"text","vector"}</c> whose texts are parts of the document's text, in order. A bad line gives an error naming the
/// field or byte at fault, never an exception: the caller adds the file and line and decides whether to stop or
/// dead-letter it.
/// </summary>
public static class JsonlDocumentParser
{
    // Strict decoding: invalid bytes throw instead of becoming U+FFFD, so they are reported, never indexed.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses one line of UTF-8 bytes (without its line break); invalid UTF-8 is an error naming the byte offset.</summary>
    public static JsonlParseResult Parse(ReadOnlySpan<byte> line)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return JsonlParseResult.Blank;
        }

        if (!Utf8.IsValid(line))
        {
            return JsonlParseResult.ForError(InvalidUtf8Reason(line));
        }

        try
        {
            if (TryCutVector(line, out var rest, out var vector))
            {
                using var small = JsonDocument.Parse(rest);
                return Parse(small.RootElement, vector);
            }

            using var json = JsonDocument.Parse(line.ToArray());
            return Parse(json.RootElement);
        }
        catch (JsonException e)
        {
            return JsonlParseResult.ForError($"malformed JSON: {e.Message}");
        }
    }

    /// <summary>Parses one line of text (without its line break), by the same rules as its UTF-8 bytes.</summary>
    public static JsonlParseResult Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Parse(System.Text.Encoding.UTF8.GetBytes(line));
    }

    /// <summary>Reads a document from an already parsed JSON value.</summary>
    public static JsonlParseResult Parse(JsonElement root) => Parse(root, parsedVector: null);

    private static JsonlParseResult Parse(JsonElement root, float[]? parsedVector)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return JsonlParseResult.ForError($"expected a JSON object {{\"id\",\"text\",\"title\"?}}, found {root.ValueKind}");
        }

        if (ReadId(root, out var idIsNumber) is not { } id)
        {
            return JsonlParseResult.ForError(IdError(root));
        }

        var hasVector = root.TryGetProperty("vector", out var vectorElement);
        var hasPassages = root.TryGetProperty("passages", out var passagesElement);
        if (hasVector && hasPassages)
        {
            return JsonlParseResult.ForError($"document '{id}' has both \"vector\" and \"passages\"; give one vector, or one per passage");
        }

        var hasText = root.TryGetProperty("text", out var text);
        if (hasText ? text.ValueKind != JsonValueKind.String : !(hasVector || hasPassages))
        {
            var found = text.ValueKind == JsonValueKind.Undefined ? "it is missing" : $"it is {text.ValueKind}";
            return JsonlParseResult.ForError($"document '{id}' has no \"text\" string ({found})");
        }

        string? title = null;
        if (root.TryGetProperty("title", out var titleElement) && titleElement.ValueKind != JsonValueKind.Null)
        {
            if (titleElement.ValueKind != JsonValueKind.String)
            {
                return JsonlParseResult.ForError($"document '{id}' has a \"title\" that is {titleElement.ValueKind}, not a string");
            }

            title = titleElement.GetString();
        }

        var metadata = ReadMetadata(root);
        if (!hasVector && !hasPassages)
        {
            return JsonlParseResult.ForDocument(new SearchDocument(id, text.GetString()!, title, metadata), idIsNumber);
        }

        if (hasVector)
        {
            var vector = parsedVector;
            if (vector is null && ReadVector(vectorElement, $"document '{id}' has a \"vector\"", out vector) is { } vectorError)
            {
                return JsonlParseResult.ForError(vectorError);
            }

            var document = new SearchDocument(id, hasText ? text.GetString()! : string.Empty, title, metadata);
            return JsonlParseResult.ForDocument(document, idIsNumber, [new EncodedPassage(0, document.EncodingText.Length, vector!)]);
        }

        return ReadPassages(id, idIsNumber, hasText ? text.GetString() : null, title, metadata, passagesElement);
    }

    /// <summary>
    /// <c>passages</c>: an array of <c>{"text", "vector"}</c>. Each passage text is found in the document's encoding text, in
    /// order (passages may overlap); without a document <c>text</c>, the passages joined by line breaks are the text.
    /// </summary>
    private static JsonlParseResult ReadPassages(
        string id, bool idIsNumber, string? text, string? title, Dictionary<string, string>? metadata, JsonElement passages)
    {
        if (passages.ValueKind != JsonValueKind.Array || passages.GetArrayLength() == 0)
        {
            return JsonlParseResult.ForError($"document '{id}' has \"passages\" that is not a non-empty array of {{\"text\",\"vector\"}}");
        }

        var texts = new List<string>();
        var vectors = new List<float[]>();
        var number = 0;
        foreach (var passage in passages.EnumerateArray())
        {
            if (passage.ValueKind != JsonValueKind.Object ||
                !passage.TryGetProperty("text", out var passageText) || passageText.ValueKind != JsonValueKind.String ||
                !passage.TryGetProperty("vector", out var passageVector))
            {
                return JsonlParseResult.ForError($"passage {number} of document '{id}' is not an object with a \"text\" string and a \"vector\"");
            }

            if (ReadVector(passageVector, $"passage {number} of document '{id}' has a \"vector\"", out var vector) is { } vectorError)
            {
                return JsonlParseResult.ForError(vectorError);
            }

            texts.Add(passageText.GetString()!);
            vectors.Add(vector!);
            number++;
        }

        var document = new SearchDocument(id, text ?? string.Join('\n', texts), title, metadata);
        var encodingText = document.EncodingText;
        var encoded = new EncodedPassage[texts.Count];
        var from = 0;
        for (var p = 0; p < texts.Count; p++)
        {
            var start = encodingText.IndexOf(texts[p], from, StringComparison.Ordinal);
            if (start < 0)
            {
                return JsonlParseResult.ForError(
                    $"passage {p} of document '{id}' does not occur in the document's text after passage {p - 1}; passages must be " +
                    "parts of the text, in order");
            }

            encoded[p] = new EncodedPassage(start, texts[p].Length, vectors[p]);
            from = start + (texts[p].Length == 0 ? 0 : 1);
        }

        return JsonlParseResult.ForDocument(document, idIsNumber, encoded);
    }

    /// <summary>
    /// The fast path for lines of precomputed vectors, which are mostly numbers: one forward read finds a top-level
    /// <c>"vector"</c> array of finite numbers and reads it straight from the bytes, and the rest of the line (the array
    /// replaced by <c>[0]</c>) goes to <see cref="JsonDocument"/>, which then holds a few fields instead of hundreds of
    /// numbers: about three times faster. Anything unusual (no such array, a non-number, a duplicate key) returns false,
    /// and the general path parses the line and words the error.
    /// </summary>
    // One growing buffer per thread for the fast path's numbers: lines are parsed on several threads at once.
    [ThreadStatic]
    private static List<float>? t_values;

    private static bool TryCutVector(ReadOnlySpan<byte> line, out byte[] rest, out float[] vector)
    {
        rest = [];
        vector = [];
        if (line.IndexOf("\"vector\""u8) < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        long start = -1;
        long end = -1;
        List<float>? values = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVector = reader.ValueTextEquals("vector"u8);
            if (!reader.Read())
            {
                return false;
            }

            if (!isVector || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            if (values is not null)
            {
                return false;
            }

            // Read straight from the bytes; what follows the array is checked by the JsonDocument parse of the rest.
            start = reader.TokenStartIndex;
            values = t_values ??= new List<float>(1024);
            values.Clear();
            var length = Utf8FloatArray.TryRead(line[(int)start..], values);
            if (length < 0)
            {
                return false;
            }

            end = start + length;
            break;
        }

        if (values is null)
        {
            return false;
        }

        var cut = new byte[line.Length - (end - start) + 3];
        line[..(int)start].CopyTo(cut);
        "[0]"u8.CopyTo(cut.AsSpan((int)start));
        line[(int)end..].CopyTo(cut.AsSpan((int)start + 3));
        rest = cut;
        vector = [.. values];
        return true;
    }

    /// <summary>A non-empty array of finite numbers, as float32; else an error beginning with <paramref name="what"/>.</summary>
    private static string? ReadVector(JsonElement element, string what, out float[]? vector)
    {
        vector = null;
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            return $"{what} that is not a non-empty array of numbers (it is {element.ValueKind})";
        }

        var values = new float[element.GetArrayLength()];
        var i = 0;
        foreach (var value in element.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetSingle(out values[i]) || !float.IsFinite(values[i]))
            {
                return $"{what} whose element {i} is {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.ValueKind.ToString())}, not a finite number";
            }

            i++;
        }

        vector = values;
        return null;
    }

    // "id" wins over "_id" when both are present, whatever either holds: one field decides, so an error names it.
    private static string? ReadId(JsonElement root, out bool isNumber)
    {
        isNumber = false;
        if (!root.TryGetProperty("id", out var value) && !root.TryGetProperty("_id", out value))
        {
            return null;
        }

        isNumber = value.ValueKind == JsonValueKind.Number;
        var id = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(id) ? null : id;
    }

    private static string IdError(JsonElement root)
    {
        var name = root.TryGetProperty("id", out var value) ? "id" : root.TryGetProperty("_id", out value) ? "_id" : null;
        return name is null
            ? "missing id (no \"id\" or \"_id\" field)"
            : value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? $"missing id (\"{name}\" is empty)"
                : $"\"{name}\" must be a string or a number, not {value.ValueKind}";
    }

    private static Dictionary<string, string>? ReadMetadata(JsonElement root)
    {
        Dictionary<string, string>? metadata = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "id" or "_id" or "text" or "title" or "vector" or "passages":
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
}
