using System.Runtime.CompilerServices;
using System.Text.Json;
using HybridSearch.Search;

namespace HybridSearch.WebDemo.Indexing;

/// <summary>
/// Reads documents from a JSONL file (one object a line: id in <c>id</c> or <c>_id</c>, <c>text</c>, optional
/// <c>title</c>, other string fields kept as metadata) or a folder of .txt and .md files (id: the relative path).
/// </summary>
internal static class DocumentFiles
{
    public static IAsyncEnumerable<SearchDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            return ReadFolderAsync(path, cancellationToken);
        }

        return File.Exists(path)
            ? ReadJsonLinesAsync(path, cancellationToken)
            : throw new FileNotFoundException($"{StartupIndexingOptions.SectionName}:Documents: '{path}' is neither a file nor a folder.", path);
    }

    private static async IAsyncEnumerable<SearchDocument> ReadJsonLinesAsync(
        string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(line, path, lineNumber);
        }
    }

    private static SearchDocument Parse(string line, string path, int lineNumber)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected a JSON object.");
            }

            string? id = null, text = null, title = null;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => null,
                };
                switch (property.Name)
                {
                    case "id" or "_id":
                        id = value;
                        break;
                    case "text":
                        text = value;
                        break;
                    case "title":
                        title = value;
                        break;
                    default:
                        if (value is not null)
                        {
                            metadata[property.Name] = value;
                        }

                        break;
                }
            }

            if (string.IsNullOrWhiteSpace(id))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: the document has no \"id\" (or \"_id\").");
            }

            return new SearchDocument(id, text ?? throw new InvalidDataException($"{path}:{lineNumber}: document '{id}' has no \"text\"."),
                title, metadata);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: not valid JSON ({exception.Message}).", exception);
        }
    }

    private static async IAsyncEnumerable<SearchDocument> ReadFolderAsync(
        string folder, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(static f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            var id = Path.GetRelativePath(folder, file).Replace('\\', '/');
            yield return new SearchDocument(id, text, Path.GetFileNameWithoutExtension(file));
        }
    }
}
