using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using HybridSearch.Search;

namespace HybridSearch.Cli.Ingestion;

/// <summary>
/// Reads JSONL documents: one object a line, the id in <c>id</c> or <c>_id</c> (BEIR), <c>text</c>, optional <c>title</c>,
/// every other scalar field kept as metadata. Blank lines are skipped; anything else malformed fails with file:line.
/// </summary>
internal static class JsonlDocuments
{
    public static async IAsyncEnumerable<SourceDocument> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var origin = $"{path}:{number}";
            yield return new SourceDocument(Parse(line, origin), origin);
        }
    }

    internal static SearchDocument Parse(string line, string origin)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new CliException($"{origin}: not a JSON object ({e.Message})");
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CliException($"{origin}: expected a JSON object, found {root.ValueKind}");
            }

            string? id = null;
            string? text = null;
            string? title = null;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "id" or "_id":
                        id = Scalar(property.Value) ?? throw new CliException($"{origin}: \"{property.Name}\" must be a string or number");
                        break;
                    case "text":
                        text = property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString()
                            : throw new CliException($"{origin}: \"text\" must be a string");
                        break;
                    case "title":
                        title = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString(),
                            JsonValueKind.Null => null,
                            _ => throw new CliException($"{origin}: \"title\" must be a string"),
                        };
                        break;
                    default:
                        // Nested objects and arrays are not filterable by equality; they are left out.
                        if (Scalar(property.Value) is { } value)
                        {
                            metadata[property.Name] = value;
                        }

                        break;
                }
            }

            if (string.IsNullOrWhiteSpace(id))
            {
                throw new CliException($"{origin}: missing \"id\" (or \"_id\")");
            }

            if (text is null)
            {
                throw new CliException($"{origin}: document '{id}' has no \"text\"");
            }

            return new SearchDocument(id, text, title, metadata);
        }
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
