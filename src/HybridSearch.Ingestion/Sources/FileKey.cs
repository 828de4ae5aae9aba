using System.Globalization;

namespace HybridSearch.Ingestion.Sources;

/// <summary>
/// Order of files in a folder source and its resume cursor: last write time, then relative path (ordinal), written
/// <c>{ticks}|{path}</c>.
/// </summary>
internal readonly record struct FileKey(DateTime LastWriteUtc, string RelativePath) : IComparable<FileKey>
{
    private static readonly FileKey Before = new(DateTime.MinValue, string.Empty);

    public int CompareTo(FileKey other)
    {
        var byTime = LastWriteUtc.Ticks.CompareTo(other.LastWriteUtc.Ticks);
        return byTime != 0 ? byTime : string.CompareOrdinal(RelativePath, other.RelativePath);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{LastWriteUtc.Ticks}|{RelativePath}");

    public static FileKey Parse(string? text, string source)
    {
        if (text is null)
        {
            return Before;
        }

        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) &&
            ticks <= DateTime.MaxValue.Ticks)
        {
            return new FileKey(new DateTime(ticks, DateTimeKind.Utc), text[(bar + 1)..]);
        }

        throw new InvalidDataException($"Checkpoint cursor '{text}' is not a folder position (ticks|path) for {source}.");
    }
}
