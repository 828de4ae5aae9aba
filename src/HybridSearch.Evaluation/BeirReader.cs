using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using HybridSearch.Search;

namespace HybridSearch.Evaluation;

/// <summary>
/// Reads the files of the BEIR layout line by line: <c>corpus.jsonl</c> and <c>queries.jsonl</c> (one JSON object a line,
/// <c>_id</c> and <c>text</c>, optional <c>title</c>) and <c>qrels/{split}.tsv</c> (<c>query-id corpus-id score</c>,
/// tab-separated, after a header). Every error names the file and line.
/// </summary>
public static class BeirReader
{
    /// <summary>
    /// Streams the documents of <paramref name="path"/> in file order. Fields other than <c>_id</c>, <c>title</c> and
    /// <c>text</c> become metadata: the properties of a <c>metadata</c> object, and any other top-level field (strings as
    /// they are, other values as JSON text).
    /// </summary>
    /// <exception cref="BeirFormatException">A line is not a JSON object, lacks <c>_id</c> or <c>text</c>, or repeats an id.</exception>
    public static async IAsyncEnumerable<SearchDocument> ReadCorpusAsync(
        string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var (line, root) in ReadJsonLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            using (root)
            {
                var id = RequireId(path, line, root.RootElement, seen);
                var text = RequireString(path, line, root.RootElement, "text");
                var title = OptionalString(path, line, root.RootElement, "title");
                yield return new SearchDocument(id, text, title, ReadMetadata(root.RootElement));
            }
        }
    }

    /// <summary>Reads every query of <paramref name="path"/> in file order.</summary>
    /// <exception cref="BeirFormatException">A line is not a JSON object, lacks <c>_id</c> or <c>text</c>, or repeats an id.</exception>
    public static async Task<IReadOnlyList<BeirQuery>> ReadQueriesAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var queries = new List<BeirQuery>();
        await foreach (var (line, root) in ReadJsonLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            using (root)
            {
                var id = RequireId(path, line, root.RootElement, seen);
                queries.Add(new BeirQuery(id, RequireString(path, line, root.RootElement, "text")));
            }
        }

        return queries;
    }

    /// <summary>
    /// Reads relevance judgements: query id → (document id → integer relevance), queries in order of first appearance.
    /// The first line is the header (<c>query-id corpus-id score</c>); blank lines are skipped.
    /// </summary>
    /// <exception cref="BeirFormatException">
    /// A line has other than three tab-separated fields, an empty id, a score that is not an integer, or repeats a pair.
    /// </exception>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>> ReadQrelsAsync(
        string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var order = new List<string>();
        using (var reader = OpenText(path))
        {
            long number = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                number++;
                if (line.Length == 0 || (number == 1 && IsHeader(line)))
                {
                    continue;
                }

                var fields = line.TrimEnd('\r').Split('\t');
                if (fields.Length != 3)
                {
                    throw new BeirFormatException(path, number, $"expected 3 tab-separated fields (query-id, corpus-id, score); found {fields.Length}.");
                }

                if (fields[0].Length == 0 || fields[1].Length == 0)
                {
                    throw new BeirFormatException(path, number, "empty query-id or corpus-id.");
                }

                if (!int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score))
                {
                    throw new BeirFormatException(path, number, $"score '{fields[2]}' is not an integer.");
                }

                if (!qrels.TryGetValue(fields[0], out var judgements))
                {
                    judgements = new Dictionary<string, int>(StringComparer.Ordinal);
                    qrels.Add(fields[0], judgements);
                    order.Add(fields[0]);
                }

                if (!judgements.TryAdd(fields[1], score))
                {
                    throw new BeirFormatException(path, number, $"query '{fields[0]}' judges document '{fields[1]}' twice.");
                }
            }
        }

        var result = new OrderedDictionary<string, IReadOnlyDictionary<string, int>>(order.Count, StringComparer.Ordinal);
        foreach (var query in order)
        {
            result.Add(query, qrels[query]);
        }

        return result;
    }

    private static bool IsHeader(string line)
    {
        var fields = line.Split('\t');
        return fields.Length < 3 || !int.TryParse(fields[^1].TrimEnd('\r'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
    }

    private static StreamReader OpenText(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found.", path);
        }

        return new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    private static async IAsyncEnumerable<(long Line, JsonDocument Root)> ReadJsonLinesAsync(
        string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (var reader = OpenText(path))
        {
            long number = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(line);
                }
                catch (JsonException exception)
                {
                    throw new BeirFormatException(path, number, $"malformed JSON: {exception.Message}", exception);
                }

                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document.Dispose();
                    throw new BeirFormatException(path, number, "expected a JSON object.");
                }

                yield return (number, document);
            }
        }
    }

    private static string RequireId(string path, long line, JsonElement root, Dictionary<string, long> seen)
    {
        if (!root.TryGetProperty("_id", out var element) && !root.TryGetProperty("id", out element))
        {
            throw new BeirFormatException(path, line, "missing \"_id\".");
        }

        var id = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Number => element.GetRawText(),
            _ => throw new BeirFormatException(path, line, $"\"_id\" must be a string or a number, not {element.ValueKind}."),
        };
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new BeirFormatException(path, line, "empty \"_id\".");
        }

        if (!seen.TryAdd(id, line))
        {
            throw new BeirFormatException(path, line, $"duplicate _id '{id}' (first on line {seen[id]}).");
        }

        return id;
    }

    private static string RequireString(string path, long line, JsonElement root, string name) =>
        OptionalString(path, line, root, name) ?? throw new BeirFormatException(path, line, $"missing \"{name}\".");

    private static string? OptionalString(string path, long line, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw new BeirFormatException(path, line, $"\"{name}\" must be a string, not {element.ValueKind}.");
    }

    private static Dictionary<string, string>? ReadMetadata(JsonElement root)
    {
        Dictionary<string, string>? metadata = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("_id") || property.NameEquals("id") || property.NameEquals("title") || property.NameEquals("text"))
            {
                continue;
            }

            if (property.NameEquals("metadata") && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in property.Value.EnumerateObject())
                {
                    (metadata ??= new(StringComparer.Ordinal))[field.Name] = AsText(field.Value);
                }
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                (metadata ??= new(StringComparer.Ordinal))[property.Name] = AsText(property.Value);
            }
        }

        return metadata;
    }

    private static string AsText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
