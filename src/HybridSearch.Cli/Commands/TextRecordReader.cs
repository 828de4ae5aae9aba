using System.Text.Encodings.Web;
using System.Text.Json;
using HybridSearch.Ingestion;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// Reads JSONL texts by <see cref="JsonlDocumentParser"/>, the rule ingestion follows too: one object a line with
/// <c>id</c> (or BEIR's <c>_id</c>), <c>text</c> and an optional <c>title</c>. Blank lines are skipped; any other line that
/// is not such an object fails with its line number.
/// </summary>
internal static class TextRecordReader
{
    // Ids are echoed as written: non-ASCII stays readable rather than becoming \u escapes (the output is a file, not HTML).
    private static readonly JsonSerializerOptions IdJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
            var parsed = JsonlDocumentParser.Parse(line);
            if (parsed.Error is { } error)
            {
                throw new CliException($"{path}:{lineNumber}: {error}");
            }

            if (parsed.Document is { } document)
            {
                var rawId = parsed.IdIsNumber ? document.Id : JsonSerializer.Serialize(document.Id, IdJson);
                records.Add(new TextRecord(rawId, document.EncodingText, lineNumber));
            }
        }

        return records;
    }
}
