namespace HybridSearch.Ingestion;

/// <summary>
/// Where the ingestion pipeline reads documents from: a JSONL file, a folder of text files, an existing search index to
/// backfill. Records come in a stable order, each with a cursor from which reading can resume after it, so a crashed run
/// continues where its last durable checkpoint left off.
/// </summary>
public interface IDocumentSource
{
    /// <summary>
    /// Stable identity of the source (a path, an index name and slice): names it in dead letters and logs, and ties a
    /// checkpoint to the source it was taken from.
    /// </summary>
    string Name { get; }

    /// <summary>Number of records the source holds from the start, or null when unknown or unbounded (a watched folder).</summary>
    ValueTask<long?> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads records in source order, starting after the record whose <see cref="SourceRecord.Cursor"/> is
    /// <paramref name="resumeAfter"/> (from the start when null). Malformed records come back as errors rather than
    /// exceptions so that one bad record never stops a run; exceptions mean the source itself cannot be read.
    /// </summary>
    /// <exception cref="InvalidDataException"><paramref name="resumeAfter"/> does not belong to this source.</exception>
    IAsyncEnumerable<SourceRecord> ReadAsync(string? resumeAfter, CancellationToken cancellationToken = default);
}
