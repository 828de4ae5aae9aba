using HybridSearch.Search;

namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// Encoded documents for one upsert, with the sequence and source record of each (same order): the sequences complete once
/// the index acknowledges them, and a document the index refuses is dead-lettered under its own record.
/// </summary>
internal sealed record WriteBatch(
    IReadOnlyList<EncodedDocument> Documents, IReadOnlyList<long> Sequences, IReadOnlyList<SourceRecord> Records);
