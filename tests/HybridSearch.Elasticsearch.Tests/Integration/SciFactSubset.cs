using System.IO.Compression;
using System.Text.Json;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>
/// The SciFact test subset of Fixtures/scifact-subset (every test query, every judged document, every 10th other
/// document): texts from the BEIR dataset under shared/datasets, all-MiniLM-L6-v2 vectors computed by the independent
/// Node.js reference (see make-fixture.sh), never by our encoder.
/// </summary>
internal sealed class SciFactSubset
{
    /// <summary>Identity of the model that made the fixture vectors (SHA-256 of the packaged minilm model.onnx).</summary>
    public static readonly HybridSearch.Encoders.EncoderIdentity Encoder =
        new("minilm", "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", 384);

    private static readonly Lazy<SciFactSubset> Cached = new(Load);

    private SciFactSubset()
    {
    }

    /// <summary>The subset, loaded once per test run.</summary>
    public static SciFactSubset Shared => Cached.Value;

    public List<EncodedDocument> Documents { get; } = [];

    public List<(string Id, string Text, float[] Vector)> Queries { get; } = [];

    public Dictionary<string, Dictionary<string, int>> Qrels { get; } = new(StringComparer.Ordinal);

    /// <summary>Exact top k by brute-force float32 dot product (ties: earlier document first).</summary>
    public List<string> ExactTop(float[] query, int k)
    {
        var scores = new float[Documents.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = System.Numerics.Tensors.TensorPrimitives.Dot(query, Documents[i].Passages[0].Vector);
        }

        var order = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(order, (a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        return [.. order.Take(k).Select(i => Documents[i].Document.Id)];
    }

    /// <summary>Why the subset cannot be loaded (dataset absent), or null.</summary>
    public static string? MissingReason => FindDataset() is null ? "SciFact is not under shared/datasets on this machine (set HYBRIDSEARCH_SHARED)" : null;

    private static SciFactSubset Load()
    {
        var dataset = FindDataset() ?? throw new InvalidOperationException(MissingReason);
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "scifact-subset");
        var docVectors = ReadVectors(Path.Combine(fixture, "doc-vectors.jsonl.gz"));
        var queryVectors = ReadVectors(Path.Combine(fixture, "query-vectors.jsonl.gz"));
        var subset = new SciFactSubset();
        foreach (var line in File.ReadLines(Path.Combine(dataset, "corpus.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            var id = json.RootElement.GetProperty("_id").GetString()!;
            if (docVectors.TryGetValue(id, out var vector))
            {
                var title = json.RootElement.GetProperty("title").GetString();
                var document = new SearchDocument(id, json.RootElement.GetProperty("text").GetString()!, title);
                subset.Documents.Add(new EncodedDocument(document, [new EncodedPassage(0, document.EncodingText.Length, vector)], "fixture-" + id));
            }
        }

        foreach (var line in File.ReadLines(Path.Combine(dataset, "qrels", "test.tsv")).Skip(1))
        {
            var parts = line.Split('\t');
            if (!subset.Qrels.TryGetValue(parts[0], out var judged))
            {
                subset.Qrels[parts[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[parts[1]] = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var line in File.ReadLines(Path.Combine(dataset, "queries.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            var id = json.RootElement.GetProperty("_id").GetString()!;
            if (queryVectors.TryGetValue(id, out var vector))
            {
                subset.Queries.Add((id, json.RootElement.GetProperty("text").GetString()!, vector));
            }
        }

        return subset;
    }

    private static Dictionary<string, float[]> ReadVectors(string path)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            vectors[json.RootElement.GetProperty("id").GetString()!] =
                [.. json.RootElement.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle())];
        }

        return vectors;
    }

    private static string? FindDataset()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", "scifact");
            if (File.Exists(Path.Combine(candidate, "corpus.jsonl")))
            {
                return candidate;
            }
        }

        foreach (var root in new[] { Environment.GetEnvironmentVariable("HYBRIDSEARCH_SHARED"), "/work/shared" })
        {
            if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "datasets", "scifact", "corpus.jsonl")))
            {
                return Path.Combine(root, "datasets", "scifact");
            }
        }

        return null;
    }
}
