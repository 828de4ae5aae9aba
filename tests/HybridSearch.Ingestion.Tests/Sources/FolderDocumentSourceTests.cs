using HybridSearch.Testing;

namespace HybridSearch.Ingestion.Tests.Sources;

public sealed class FolderDocumentSourceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private void Write(string relative, string text, int minutesAgo)
    {
        var path = Path.Combine(_directory.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-minutesAgo));
    }

    [Fact]
    public async Task Reads_text_and_markdown_files_oldest_first_with_relative_paths_as_ids_and_resumes_after_a_cursor()
    {
        Write("b.txt", "second", 20);
        Write("sub/a.md", "# Heading\n\nBody text", 30);
        Write("c.txt", "third", 10);
        Write("ignored.json", "{}", 40);
        var source = DocumentSources.Folder(_directory.Path);

        var records = await ReadAll(source, null);

        Assert.Equal(["sub/a.md", "b.txt", "c.txt"], records.Select(r => r.Document!.Id));
        Assert.Equal("Heading", records[0].Document!.Title);
        Assert.Equal("Body text", records[0].Document!.Text);
        Assert.Equal(["c.txt"], (await ReadAll(source, records[1].Cursor)).Select(r => r.Document!.Id));
        Assert.Equal(3, await source.CountAsync());
    }

    [Fact]
    public async Task Invalid_utf8_files_are_error_records()
    {
        File.WriteAllBytes(Path.Combine(_directory.Path, "bad.txt"), [0x61, 0xFF, 0x62]);

        var record = Assert.Single(await ReadAll(DocumentSources.Folder(_directory.Path), null));

        Assert.Equal("invalid UTF-8 at byte 1 of the file", record.Error);
    }

    [Fact]
    public async Task A_watched_folder_picks_up_files_added_while_it_runs()
    {
        Write("old.txt", "old", 5);
        var source = DocumentSources.Folder(_directory.Path, watch: true, pollInterval: TimeSpan.FromMilliseconds(50), settleTime: TimeSpan.Zero);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ids = new List<string>();

        await using var records = source.ReadAsync(null, stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await records.MoveNextAsync());
        ids.Add(records.Current.Document!.Id);
        File.WriteAllText(Path.Combine(_directory.Path, "new.md"), "fresh");
        Assert.True(await records.MoveNextAsync());
        ids.Add(records.Current.Document!.Id);

        Assert.Equal(["old.txt", "new.md"], ids);
        Assert.Null(await source.CountAsync());
    }

    private static async Task<List<SourceRecord>> ReadAll(IDocumentSource source, string? resume)
    {
        var records = new List<SourceRecord>();
        await foreach (var record in source.ReadAsync(resume))
        {
            records.Add(record);
        }

        return records;
    }
}
