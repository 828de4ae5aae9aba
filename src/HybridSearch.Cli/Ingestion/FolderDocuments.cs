using System.Runtime.CompilerServices;
using HybridSearch.Search;

namespace HybridSearch.Cli.Ingestion;

/// <summary>
/// Reads every <c>.txt</c> and <c>.md</c> file under a folder, in ordinal path order: the id is the path relative to the
/// folder (with <c>/</c>), the title the first Markdown heading or else the file name without extension.
/// </summary>
internal static class FolderDocuments
{
    public static async IAsyncEnumerable<SourceDocument> ReadAsync(string folder, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(static f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            var id = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            var title = file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? MarkdownHeading(text) : null;
            var document = new SearchDocument(id, text, title ?? Path.GetFileNameWithoutExtension(file));
            yield return new SourceDocument(document, file);
        }
    }

    internal static string? MarkdownHeading(string text)
    {
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('#'))
            {
                var heading = trimmed.TrimStart('#').Trim();
                if (heading.Length > 0)
                {
                    return heading;
                }
            }
        }

        return null;
    }
}
