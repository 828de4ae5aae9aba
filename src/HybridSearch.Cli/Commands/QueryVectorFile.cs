using System.Text.Json;

namespace HybridSearch.Cli.Commands;

/// <summary>Reads JSONL <c>{"id","vector"}</c> lines (what <c>embed</c> and <c>bench synthetic</c> write).</summary>
internal static class QueryVectorFile
{
    public static List<(string Id, float[] Vector)> Read(string path, int limit)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"query file '{path}' does not exist");
        }

        var queries = new List<(string, float[])>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (queries.Count >= limit)
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var id = root.TryGetProperty("id", out var idElement) ? idElement.ToString() : number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!root.TryGetProperty("vector", out var vector) || vector.ValueKind != JsonValueKind.Array || vector.GetArrayLength() == 0)
                {
                    throw new CliException($"{path}:{number}: no \"vector\" array of numbers");
                }

                queries.Add((id, [.. vector.EnumerateArray().Select(v => v.GetSingle())]));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new CliException($"{path}:{number}: {e.Message}");
            }
        }

        if (queries.Count == 0)
        {
            throw new CliException($"query file '{path}' holds no query vectors");
        }

        return queries;
    }
}
