using HybridSearch.Ingestion;

namespace HybridSearch.Ingestion.Sources;

/// <summary>
/// Turns one JSONL line into a record by Core's <see cref="JsonlDocumentParser"/> (the one owner of what a document line
/// is); a bad line becomes an error record carrying the parser's reason and the raw line for the dead-letter file.
/// </summary>
internal static class JsonlRecordParser
{
    private const int RawChars = 1000;

    /// <summary>The record for <paramref name="line"/>, or null for a blank line.</summary>
    public static SourceRecord? Parse(ReadOnlySpan<byte> line, string cursor, string source, long lineNumber)
    {
        var parsed = JsonlDocumentParser.Parse(line);
        return parsed switch
        {
            { Document: { } document } => SourceRecord.ForDocument(cursor, source, lineNumber, document, parsed.Vectors),
            { Error: { } error } => SourceRecord.ForError(cursor, source, lineNumber, error, Raw(line)),
            _ => null,
        };
    }

    /// <summary>The line as far as it decodes (invalid bytes replaced), cut to a readable length for dead letters.</summary>
    public static string Raw(ReadOnlySpan<byte> line)
    {
        var text = System.Text.Encoding.UTF8.GetString(line[..Math.Min(line.Length, RawChars * 4)]);
        return text.Length <= RawChars ? text : string.Concat(text.AsSpan(0, RawChars), "…");
    }
}
