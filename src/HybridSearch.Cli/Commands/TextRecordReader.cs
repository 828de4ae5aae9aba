using System.Text.Json;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// Reads JSONL texts: one object a line with <c>id</c> (or BEIR's <c>_id</c>), <c>text</c> and an optional
/// <c>title</c>. Blank lines are skipped; anything else that is not such an object fails with its line number.
/// </summary>
internal static class TextRecordReader
{
    public static async Task<List<TextRecord>> ReadAsync(string path, int limit, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"input file '{path}' does not exist");
        }

        var records = new List<TextRecord>();
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (records.Count < limit && await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                records.Add(Parse(path, lineNumber, line));
            }
        }

        return records;
    }

    private static TextRecord Parse(string path, int lineNumber, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, lineNumber, "expected a JSON object {\"id\",\"text\",\"title\"?}");
            }

            if (!root.TryGetProperty("id", out var id) && !root.TryGetProperty("_id", out id))
            {
                throw Error(path, lineNumber, "missing \"id\"");
            }

            if (id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                throw Error(path, lineNumber, "\"id\" must be a string or a number");
            }

            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw Error(path, lineNumber, "missing string field \"text\"");
            }

            var title = root.TryGetProperty("title", out var t) ? t : default;
            if (title.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
            {
                throw Error(path, lineNumber, "\"title\" must be a string");
            }

            var titleText = title.ValueKind == JsonValueKind.String ? title.GetString() : null;
            var body = text.GetString()!;
            return new TextRecord(id.GetRawText(), string.IsNullOrEmpty(titleText) ? body : titleText + " " + body, lineNumber);
        }
        catch (JsonException e)
        {
            throw Error(path, lineNumber, $"not valid JSON ({e.Message})");
        }
    }

    private static CliException Error(string path, int lineNumber, string problem) => new($"{path}:{lineNumber}: {problem}");
}
