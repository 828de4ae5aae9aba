using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using HybridSearch.Ingestion;
using HybridSearch.Search;

namespace HybridSearch.Ingestion.Sources;

/// <summary>
/// A folder (searched recursively) of <c>.txt</c> and <c>.md</c> files, one document each, the id being the path relative
/// to the folder with '/' separators. Files are read in order of last write time, then path, and the cursor is that pair,
/// so a stable folder reads in a stable order and a watched folder picks up new and rewritten files after the ones already
/// done. A Markdown file whose first line is a <c># heading</c> gets that heading as its title.
/// </summary>
internal sealed class FolderDocumentSource : IDocumentSource
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _root;
    private readonly FolderSourceOptions _options;
    private readonly TimeProvider _timeProvider;

    public FolderDocumentSource(string root, FolderSourceOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(root);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"Source folder {_root} does not exist.");
        }
    }

    public string Name => _root;

    public ValueTask<long?> CountAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_options.Watch ? null : (long?)Scan().Count);

    public async IAsyncEnumerable<SourceRecord> ReadAsync(
        string? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var last = FileKey.Parse(resumeAfter, _root);
        using var signal = _options.Watch ? new FolderChangeSignal(_root, _timeProvider) : null;
        while (true)
        {
            var settledBefore = _timeProvider.GetUtcNow().UtcDateTime - _options.SettleTime;
            foreach (var file in Scan())
            {
                if (file.Key.CompareTo(last) <= 0)
                {
                    continue;
                }

                // Stop at the first unsettled file so keys are handed out in increasing order even while files are written.
                if (_options.Watch && file.Key.LastWriteUtc > settledBefore)
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                yield return await ReadFileAsync(file, cancellationToken).ConfigureAwait(false);
                last = file.Key;
            }

            if (signal is null)
            {
                yield break;
            }

            await signal.WaitAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private List<FolderFile> Scan()
    {
        var files = new List<FolderFile>();
        foreach (var info in new DirectoryInfo(_root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (info.Extension.Equals(".txt", StringComparison.OrdinalIgnoreCase) ||
                info.Extension.Equals(".md", StringComparison.OrdinalIgnoreCase))
            {
                var relative = Path.GetRelativePath(_root, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
                files.Add(new FolderFile(info.FullName, new FileKey(info.LastWriteTimeUtc, relative), info.Length));
            }
        }

        files.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return files;
    }

    private async Task<SourceRecord> ReadFileAsync(FolderFile file, CancellationToken cancellationToken)
    {
        var cursor = file.Key.ToString();
        if (file.Length > _options.MaxFileBytes)
        {
            return SourceRecord.ForError(cursor, file.Path, null,
                string.Create(
                    CultureInfo.InvariantCulture, $"file is {file.Length} bytes, over the limit of {_options.MaxFileBytes} bytes"),
                raw: null);
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return SourceRecord.ForError(cursor, file.Path, null, "file was deleted before it could be read", raw: null);
        }

        var content = bytes.AsSpan();
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        if (!Utf8.IsValid(content))
        {
            return SourceRecord.ForError(cursor, file.Path, null, InvalidUtf8Reason(content), JsonlRecordParser.Raw(content));
        }

        var text = StrictUtf8.GetString(content);
        var (title, body) = SplitTitle(file.Path, text);
        var document = new SearchDocument(file.Key.RelativePath, body, title,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["path"] = file.Key.RelativePath });
        return SourceRecord.ForDocument(cursor, file.Path, null, document);
    }

    private static (string? Title, string Body) SplitTitle(string path, string text)
    {
        if (!path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || !text.StartsWith("# ", StringComparison.Ordinal))
        {
            return (null, text);
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var heading = newline < 0 ? text : text[..newline];
        return (heading[2..].Trim(), newline < 0 ? string.Empty : text[(newline + 1)..].TrimStart());
    }

    private static string InvalidUtf8Reason(ReadOnlySpan<byte> content)
    {
        try
        {
            _ = StrictUtf8.GetCharCount(content);
            return "invalid UTF-8";
        }
        catch (DecoderFallbackException e)
        {
            return string.Create(CultureInfo.InvariantCulture, $"invalid UTF-8 at byte {e.Index} of the file");
        }
    }

    private sealed record FolderFile(string Path, FileKey Key, long Length);
}
