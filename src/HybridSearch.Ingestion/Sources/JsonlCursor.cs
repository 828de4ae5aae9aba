using System.Globalization;

namespace HybridSearch.Ingestion.Sources;

/// <summary>
/// Resume position in a JSONL file: the byte offset where the next line starts and that line's 1-based number, written
/// <c>{offset}:{line}</c>. The offset lets a restart seek straight to the first unfinished line.
/// </summary>
internal readonly record struct JsonlCursor(long Offset, long NextLine)
{
    public static readonly JsonlCursor Start = new(0, 1);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Offset}:{NextLine}");

    public static JsonlCursor Parse(string? text, string source)
    {
        if (text is null)
        {
            return Start;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 &&
            long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) &&
            long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var line) && line >= 1)
        {
            return new JsonlCursor(offset, line);
        }

        throw new InvalidDataException($"Checkpoint cursor '{text}' is not a JSONL position (offset:line) for {source}.");
    }
}
