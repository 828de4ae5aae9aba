using System.Text.Json;
using HybridSearch.Ingestion.Tests.Fakes;
using HybridSearch.Testing;

namespace HybridSearch.Ingestion.Tests;

/// <summary>A corpus seeded with every kind of bad record the issue lists, between good ones.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Line number → (kind, expected start of the reason); every other line of the corpus is a good document.
    private static readonly Dictionary<int, string> BadLines = new()
    {
        [3] = "malformed JSON",
        [6] = "missing id",
        [9] = "document 'empty' has empty text",
        [12] = "document 'long' text has 5001 characters, over the limit of 5000",
        [15] = "invalid UTF-8 at byte",
        [18] = "expected a JSON object",
        [21] = "document 'notext' has no \"text\" string",
        [24] = "missing id",
    };

    private string WriteCorpus(int lines)
    {
        var path = _directory.File("corpus.jsonl");
        using var file = File.Create(path);
        for (var line = 1; line <= lines; line++)
        {
            byte[] bytes = BadLines.ContainsKey(line) ? BadLine(line) : System.Text.Encoding.UTF8.GetBytes(
                $"{{\"_id\":\"good-{line}\",\"title\":\"Title {line}\",\"text\":\"Text of line {line}.\"}}");
            file.Write(bytes);
            file.WriteByte((byte)'\n');
        }

        return path;
    }

    private static byte[] BadLine(int line) => line switch
    {
        3 => "{\"_id\":\"cut\",\"text\":\"unterminated"u8.ToArray(),
        6 => "{\"title\":\"no id\",\"text\":\"orphan\"}"u8.ToArray(),
        9 => "{\"_id\":\"empty\",\"text\":\"   \"}"u8.ToArray(),
        12 => System.Text.Encoding.UTF8.GetBytes($"{{\"_id\":\"long\",\"text\":\"{new string('y', 5001)}\"}}"),
        15 => [.. "{\"_id\":\"latin1\",\"text\":\"caf"u8, 0xE9, .. "\"}"u8],
        18 => "\"just a string\""u8.ToArray(),
        21 => "{\"_id\":\"notext\",\"title\":\"only a title\"}"u8.ToArray(),
        24 => "{\"_id\":\"\",\"text\":\"blank id\"}"u8.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(line)),
    };

    private IngestionOptions Options() => new()
    {
        BatchSize = 3,
        EncoderParallelism = 2,
        QueueCapacity = 4,
        MaxTextChars = 5000,
        WriteBatchSize = 4,
        StateDirectory = _directory.File("state"),
        CheckpointInterval = TimeSpan.FromTicks(1),
        BatchTimeout = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public async Task Bad_records_go_to_the_dead_letter_file_with_line_and_reason_and_every_good_document_is_indexed()
    {
        var path = WriteCorpus(30);
        var sink = new FakeSink();
        var pipeline = new IngestionPipeline(TestEncoders.Open(), sink, Options());

        var summary = await pipeline.RunAsync(DocumentSources.Jsonl(path, maxTextChars: 5000));

        Assert.Equal(30, summary.Read);
        Assert.Equal(BadLines.Count, summary.DeadLettered);
        Assert.Equal(30 - BadLines.Count, summary.Written);
        var good = Enumerable.Range(1, 30).Where(l => !BadLines.ContainsKey(l)).Select(l => $"good-{l}");
        Assert.Equal(good.Order(), sink.Durable.Keys.Order());
        AssertDeadLetters(summary.DeadLetterPath, path);
    }

    [Fact]
    public async Task Dead_letters_are_reported_once_even_when_the_run_crashes_and_restarts()
    {
        var path = WriteCorpus(30);
        var sink = new FakeSink { CrashAfterWrites = 4 };
        var pipeline = new IngestionPipeline(TestEncoders.Open(), sink, Options());

        await Assert.ThrowsAsync<IngestionException>(() => pipeline.RunAsync(DocumentSources.Jsonl(path, maxTextChars: 5000)));
        sink.Crash();
        var summary = await pipeline.RunAsync(DocumentSources.Jsonl(path, maxTextChars: 5000));

        Assert.NotNull(summary.ResumedFrom);
        Assert.Equal(30 - BadLines.Count, sink.Durable.Count);
        AssertDeadLetters(summary.DeadLetterPath, path);
    }

    private static void AssertDeadLetters(string deadLetterPath, string corpusPath)
    {
        var letters = File.ReadAllLines(deadLetterPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(BadLines.Keys.Order(), letters.Select(l => l.GetProperty("line").GetInt32()));
        foreach (var letter in letters)
        {
            var line = letter.GetProperty("line").GetInt32();
            Assert.StartsWith(BadLines[line], letter.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(Path.GetFullPath(corpusPath), letter.GetProperty("source").GetString());
            Assert.False(string.IsNullOrEmpty(letter.GetProperty("raw").GetString()));
        }
    }
}
