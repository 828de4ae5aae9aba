using HybridSearch.Testing;

namespace HybridSearch.Ingestion.Tests.Sources;

public sealed class JsonlDocumentSourceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Write(params byte[][] lines)
    {
        var path = _directory.File($"{Guid.NewGuid():N}.jsonl");
        File.WriteAllBytes(path, lines.SelectMany(l => l).ToArray());
        return path;
    }

    private static byte[] Line(string text) => System.Text.Encoding.UTF8.GetBytes(text + "\n");

    private static async Task<List<SourceRecord>> ReadAll(IDocumentSource source, string? resume = null)
    {
        var records = new List<SourceRecord>();
        await foreach (var record in source.ReadAsync(resume))
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task Reads_id_or_beir_id_text_title_and_keeps_other_fields_as_metadata()
    {
        var path = Write(
            new byte[] { 0xEF, 0xBB, 0xBF },
            Line("{\"_id\":\"4983\",\"title\":\"T\",\"text\":\"Body\",\"metadata\":{\"year\":\"2001\"},\"lang\":\"en\",\"n\":3}"),
            Line("{\"id\":7,\"text\":\"Seven\"}"),
            System.Text.Encoding.UTF8.GetBytes("{\"id\":\"crlf\",\"text\":\"x\"}\r\n"),
            System.Text.Encoding.UTF8.GetBytes("{\"id\":\"last\",\"text\":\"no newline\"}"));

        var records = await ReadAll(DocumentSources.Jsonl(path));

        Assert.Equal(["4983", "7", "crlf", "last"], records.Select(r => r.Document!.Id));
        var first = records[0].Document!;
        Assert.Equal("T", first.Title);
        Assert.Equal("Body", first.Text);
        Assert.Equal("2001", first.Metadata["year"]);
        Assert.Equal("en", first.Metadata["lang"]);
        Assert.Equal("3", first.Metadata["n"]);
        Assert.Equal([1L, 2L, 3L, 4L], records.Select(r => r.Line!.Value));
    }

    [Fact]
    public async Task Lines_of_every_size_parsed_in_groups_keep_their_own_bytes_and_source_order()
    {
        // Lines are parsed in groups from one shared buffer that grows for long lines: small and large lines (past the
        // buffer's first size, and past a group's byte budget) must each come back whole, in order, with their line numbers.
        var random = new Random(5);
        var texts = Enumerable.Range(0, 700)
            .Select(i => new string((char)('a' + (i % 26)), i % 97 == 0 ? 300_000 + i : random.Next(1, 3000)))
            .ToArray();
        var path = Write(texts.Select((t, i) => Line($"{{\"id\":\"d{i}\",\"text\":\"{t}\"}}")).ToArray());

        var records = await ReadAll(DocumentSources.Jsonl(path));

        Assert.Equal(texts.Length, records.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal($"d{i}", records[i].Document!.Id);
            Assert.Equal(texts[i], records[i].Document!.Text);
            Assert.Equal(i + 1, records[i].Line!.Value);
        }
    }

    [Fact]
    public async Task Resuming_after_a_cursor_seeks_to_the_next_line_by_byte_offset()
    {
        var path = Write(Line("{\"id\":\"a\",\"text\":\"é\"}"), Line(""), Line("{\"id\":\"b\",\"text\":\"x\"}"), Line("{\"id\":\"c\",\"text\":\"y\"}"));
        var source = DocumentSources.Jsonl(path);
        var all = await ReadAll(source);

        var resumed = await ReadAll(source, all[0].Cursor);

        Assert.Equal(["b", "c"], resumed.Select(r => r.Document!.Id));
        Assert.Equal([3L, 4L], resumed.Select(r => r.Line!.Value));
        Assert.Empty(await ReadAll(source, all[^1].Cursor));
        Assert.Equal(3, await source.CountAsync());
    }

    [Fact]
    public async Task The_count_is_the_lines_holding_more_than_white_space_however_they_fall_across_read_buffers()
    {
        // A 100 kB line spans read buffers; white-space-only lines (spaces, tabs, CR) and a last line without a newline.
        var path = _directory.File("count.jsonl");
        var big = "{\"id\":\"big\",\"text\":\"" + new string('x', 100_000) + "\"}";
        await File.WriteAllTextAsync(path, $"{big}\n \t\r\n\n{{\"id\":\"a\",\"text\":\"t\"}}\r\n   \n{big}\n{{\"id\":\"z\",\"text\":\"u\"}}");

        Assert.Equal(4, await DocumentSources.Jsonl(path).CountAsync());
    }

    [Fact]
    public async Task An_empty_file_counts_no_lines()
    {
        var path = _directory.File("empty.jsonl");
        await File.WriteAllBytesAsync(path, []);

        Assert.Equal(0, await DocumentSources.Jsonl(path).CountAsync());
    }

    [Fact]
    public async Task A_cursor_that_no_longer_points_at_a_line_start_is_refused()
    {
        var path = Write(Line("{\"id\":\"a\",\"text\":\"x\"}"), Line("{\"id\":\"b\",\"text\":\"y\"}"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(DocumentSources.Jsonl(path), "5:2"));

        Assert.Contains("not at a line start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_kind_of_bad_line_becomes_an_error_record_naming_the_reason()
    {
        var path = Write(
            Line("{\"id\":\"ok\",\"text\":\"fine\"}"),
            Line("{\"id\":\"broken\",\"text\":"),
            Line("[1,2]"),
            Line("{\"text\":\"no id\"}"),
            Line("{\"id\":\"notext\"}"),
            [.. System.Text.Encoding.UTF8.GetBytes("{\"id\":\"utf\",\"text\":\"bad "), 0xC3, 0x28, .. System.Text.Encoding.UTF8.GetBytes("\"}\n")],
            Line("{\"id\":\"huge\",\"text\":\"" + new string('x', 200_000) + "\"}"),
            Line("{\"id\":\"after\",\"text\":\"still read\"}"));

        var records = await ReadAll(DocumentSources.Jsonl(path, maxTextChars: 10_000));

        Assert.Equal(8, records.Count);
        Assert.Equal(["ok", "after"], records.Where(r => r.Document is not null).Select(r => r.Document!.Id));
        Assert.StartsWith("malformed JSON", records[1].Error, StringComparison.Ordinal);
        Assert.StartsWith("expected a JSON object", records[2].Error, StringComparison.Ordinal);
        Assert.StartsWith("missing id", records[3].Error, StringComparison.Ordinal);
        Assert.Contains("no \"text\"", records[4].Error, StringComparison.Ordinal);
        Assert.Equal("invalid UTF-8 at byte 24 of the line (0xC3)", records[5].Error);
        Assert.StartsWith("line is 200023 bytes, over the limit", records[6].Error, StringComparison.Ordinal);
        Assert.Equal(7, records[6].Line);
        Assert.True(records[6].Raw!.Length < 2000);
    }
}
