using System.Text.Json;

namespace HybridSearch.Adapters;

/// <summary>Reads training pairs from JSONL: one <c>{"query": "…", "positive": "…", "negatives": ["…"]?}</c> object a line.</summary>
public static class TrainingPairReader
{
    /// <summary>Reads every pair of <paramref name="path"/>; blank lines are skipped.</summary>
    /// <exception cref="InvalidDataException">A line is not such an object; the message names the file and line.</exception>
    public static async Task<IReadOnlyList<TrainingPair>> ReadJsonlAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var pairs = new List<TrainingPair>();
        var lineNumber = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                pairs.Add(Parse(line, path, lineNumber));
            }
        }

        return pairs;
    }

    /// <summary>Parses one line; <paramref name="path"/> and <paramref name="lineNumber"/> name it in errors.</summary>
    public static TrainingPair Parse(string line, string path, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, lineNumber, "is not a JSON object.");
            }

            var query = RequiredString(root, "query", path, lineNumber);
            var positive = RequiredString(root, "positive", path, lineNumber);
            var negatives = new List<string>();
            if (root.TryGetProperty("negatives", out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw Error(path, lineNumber, "\"negatives\" is not an array of strings.");
                }

                foreach (var item in list.EnumerateArray())
                {
                    negatives.Add(item.ValueKind == JsonValueKind.String
                        ? item.GetString()!
                        : throw Error(path, lineNumber, "\"negatives\" holds something other than a string."));
                }
            }

            return new TrainingPair(query, positive, negatives);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: invalid JSON ({e.Message}).", e);
        }
    }

    private static string RequiredString(JsonElement root, string name, string path, int lineNumber) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Error(path, lineNumber, $"\"{name}\" is missing or not a non-empty string.");

    private static InvalidDataException Error(string path, int lineNumber, string problem) =>
        new($"{path}:{lineNumber}: {problem} Expected {{\"query\": \"…\", \"positive\": \"…\", \"negatives\": [\"…\"]}}.");
}
