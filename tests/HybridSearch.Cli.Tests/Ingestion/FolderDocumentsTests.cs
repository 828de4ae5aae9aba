using HybridSearch.Cli.Ingestion;

namespace HybridSearch.Cli.Tests.Ingestion;

public sealed class FolderDocumentsTests
{
    [Fact]
    public async Task Text_and_markdown_files_become_documents_with_relative_ids_and_titles()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hybridsearch-folder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "notes"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "notes", "plan.md"), "intro\n## The Plan\nbody");
            await File.WriteAllTextAsync(Path.Combine(folder, "readme.txt"), "plain text");
            await File.WriteAllTextAsync(Path.Combine(folder, "image.png"), "not text");

            var documents = await FolderDocuments.ReadAsync(folder, CancellationToken.None).ToListAsync();

            Assert.Equal(
                [("notes/plan.md", "The Plan", "intro\n## The Plan\nbody"), ("readme.txt", "readme", "plain text")],
                documents.Select(d => (d.Document.Id, d.Document.Title, d.Document.Text)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Markdown_without_a_heading_has_no_heading_title()
    {
        Assert.Null(FolderDocuments.MarkdownHeading("just text\n#\n"));
    }
}
