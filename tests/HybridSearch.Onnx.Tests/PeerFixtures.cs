using System.IO.Compression;
using System.Text.Json;

namespace HybridSearch.Onnx.Tests;

/// <summary>
/// Reads the fixtures made by the independent peer (HuggingFace tokenizers + onnxruntime-node); see Fixtures/README.md.
/// </summary>
internal static class PeerFixtures
{
    public static readonly string[] Models = ["minilm", "arctic-xs"];

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IReadOnlyList<(string Id, string Text)> Texts() =>
        [.. ReadLines("texts.jsonl").Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("text").GetString()!))];

    /// <summary>Peer token ids ([CLS] … [SEP], truncated) by text id; <paramref name="kind"/> is query or doc.</summary>
    public static IReadOnlyDictionary<string, int[]> TokenIds(string model, string kind) =>
        ReadLines($"tokens.{model}.{kind}.jsonl").ToDictionary(e => e.GetProperty("id").GetString()!, Ids);

    /// <summary>Peer vectors by text id.</summary>
    public static IReadOnlyDictionary<string, float[]> Vectors(string model, string kind) =>
        ReadLines($"vectors.{model}.{kind}.jsonl").ToDictionary(
            e => e.GetProperty("id").GetString()!,
            e => e.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray());

    /// <summary>Peer token ids of SciFact's first documents at 512 tokens, in corpus order.</summary>
    public static IReadOnlyList<(string Id, int[] Ids)> SciFactTokenIds()
    {
        using var file = File.OpenRead(Path.Combine(Folder, "scifact-2000.arctic-xs.tokens.jsonl.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var rows = new List<(string, int[])>();
        while (reader.ReadLine() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            rows.Add((document.RootElement.GetProperty("id").GetString()!, Ids(document.RootElement)));
        }

        return rows;
    }

    private static int[] Ids(JsonElement e) => [.. e.GetProperty("ids").EnumerateArray().Select(v => v.GetInt32())];

    private static List<JsonElement> ReadLines(string name) =>
        [.. File.ReadLines(Path.Combine(Folder, name)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
