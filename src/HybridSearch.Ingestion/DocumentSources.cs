using HybridSearch.Ingestion;
using HybridSearch.Ingestion.Sources;

namespace HybridSearch.Ingestion;

/// <summary>Creates the built-in <see cref="IDocumentSource"/>s: a JSONL file, or a folder of <c>.txt</c>/<c>.md</c> files.</summary>
public static class DocumentSources
{
    /// <summary>Default rescan interval of a watched folder.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>Default time a watched file must stay unmodified before it is read.</summary>
    public static readonly TimeSpan DefaultSettleTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A JSONL file, one object a line: id in <c>id</c> or <c>_id</c>, <c>text</c>, optional <c>title</c>, other fields kept
    /// as metadata. Lines longer than <paramref name="maxTextChars"/> allows are reported without being buffered.
    /// </summary>
    public static IDocumentSource Jsonl(string path, int maxTextChars = IngestionOptions.DefaultMaxTextChars)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Source file {Path.GetFullPath(path)} does not exist.", path);
        }

        return new JsonlDocumentSource(path, MaxBytesFor(maxTextChars));
    }

    /// <summary>
    /// A folder of <c>.txt</c> and <c>.md</c> files (recursively), one document each, id = relative path. With
    /// <paramref name="watch"/> the source never ends: it keeps picking up new and rewritten files until cancelled.
    /// </summary>
    public static IDocumentSource Folder(
        string path,
        bool watch = false,
        TimeSpan? pollInterval = null,
        TimeSpan? settleTime = null,
        int maxTextChars = IngestionOptions.DefaultMaxTextChars,
        TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var options = new FolderSourceOptions(
            watch, pollInterval ?? DefaultPollInterval, settleTime ?? DefaultSettleTime, MaxBytesFor(maxTextChars));
        return new FolderDocumentSource(path, options, timeProvider);
    }

    /// <summary>A folder source when <paramref name="path"/> is a directory, a JSONL source otherwise.</summary>
    public static IDocumentSource FromPath(string path, int maxTextChars = IngestionOptions.DefaultMaxTextChars) =>
        Directory.Exists(path) ? Folder(path, maxTextChars: maxTextChars) : Jsonl(path, maxTextChars);

    // A JSON-escaped character takes at most 6 bytes (\uXXXX); the rest of the line (id, title, metadata) gets 64 KiB.
    private static int MaxBytesFor(int maxTextChars) => (int)Math.Min(1L << 30, (maxTextChars * 6L) + (64 * 1024));
}
