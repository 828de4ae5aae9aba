using System.Globalization;
using System.Text.Json;
using HybridSearch.Ingestion.Tests.Fakes;
using HybridSearch.Testing;

namespace HybridSearch.Ingestion.Tests;

/// <summary>Documents that bring vectors made elsewhere are indexed with them, checked against the model, never encoded.</summary>
public sealed class PrecomputedVectorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private IngestionOptions Options() => new()
    {
        BatchSize = 4,
        StateDirectory = _directory.File("state"),
        CheckpointInterval = TimeSpan.FromTicks(1),
        BatchTimeout = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public async Task Vectors_that_come_with_documents_are_written_as_they_are_and_the_others_are_encoded_in_source_order()
    {
        var unit = Unit(8, seed: 1);
        var (p0, p1) = (Unit(8, seed: 2), Unit(8, seed: 3));
        var path = Write(
            Line(new { id = "given", text = "some text", vector = unit }),
            Line(new { id = "encoded", text = "text to encode" }),
            Line(new { id = "vectors-only", vector = unit, tag = "x" }),
            Line(new { id = "passages", text = "first part. second part.", passages = new object[] { new { text = "first part.", vector = p0 }, new { text = "second part.", vector = p1 } } }));
        var sink = new FakeSink();
        var encoder = new CountingEncoder(TestEncoders.Open());

        var summary = await new IngestionPipeline(encoder, sink, Options()).RunAsync(DocumentSources.Jsonl(path));

        Assert.Equal((4, 0), (summary.Written, summary.DeadLettered));
        Assert.Equal(unit, sink.Durable["given"].Passages.Single().Vector);
        Assert.Equal(TestEncoders.Expected("text to encode"), sink.Durable["encoded"].Passages.Single().Vector);
        Assert.Equal((string.Empty, "x"), (sink.Durable["vectors-only"].Document.Text, sink.Durable["vectors-only"].Document.Metadata["tag"]));
        var passages = sink.Durable["passages"].Passages;
        Assert.Equal([(0, 11), (12, 12)], passages.Select(p => (p.Start, p.Length)));
        Assert.Equal([p0, p1], passages.Select(p => p.Vector));
        Assert.Equal(1, encoder.Texts);
    }

    [Fact]
    public async Task Vectors_of_the_wrong_size_or_length_are_dead_lettered_with_the_reason_and_line()
    {
        var path = Write(
            Line(new { id = "short", text = "t", vector = Unit(4, seed: 1) }),
            Line(new { id = "long-norm", text = "t", vector = Enumerable.Repeat(1f, 8).ToArray() }),
            Line(new { id = "not-numbers", text = "t", vector = new object[] { 1, "two" } }),
            Line(new { id = "ok", text = "t", vector = Unit(8, seed: 4) }));
        var sink = new FakeSink();

        var summary = await new IngestionPipeline(TestEncoders.Open(), sink, Options()).RunAsync(DocumentSources.Jsonl(path));

        Assert.Equal((1, 3), (summary.Written, summary.DeadLettered));
        var letters = File.ReadAllLines(summary.DeadLetterPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1, 2, 3], letters.Select(l => l.GetProperty("line").GetInt32()));
        Assert.Contains("4-dimensional vector", letters[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("length 2.828", letters[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("element 1", letters[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private string Write(params string[] lines)
    {
        var path = _directory.File("vectors.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Line(object value) => JsonSerializer.Serialize(value);

    private static float[] Unit(int dimensions, int seed)
    {
        var random = new Random(seed);
        var vector = Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }
}
