namespace HybridSearch.Search;

/// <summary>A document an index refused, and why.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Reason">The index's own reason (for Elasticsearch, the item's error type and reason).</param>
/// <param name="Status">The HTTP status of the item, where the index is a server.</param>
public sealed record DocumentRejection(string Id, string Reason, int? Status = null);
