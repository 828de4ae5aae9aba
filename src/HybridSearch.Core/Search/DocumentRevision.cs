namespace HybridSearch.Search;

/// <summary>
/// Where a document stood in the index it was read from (Elasticsearch's <c>_seq_no</c> and <c>_primary_term</c>), so the
/// write that adds its vectors can require it unchanged: a backfill must never overwrite text another writer changed after
/// the backfill read it. A write whose document has moved on is refused for that document alone (HTTP 409), and reported.
/// </summary>
/// <param name="SequenceNumber">The document's sequence number when read.</param>
/// <param name="PrimaryTerm">The primary term it was written in.</param>
public sealed record DocumentRevision(long SequenceNumber, long PrimaryTerm);
