namespace HybridSearch.Elasticsearch.Internal;

/// <summary>One item that failed for good.</summary>
/// <param name="Id">Document id.</param>
/// <param name="Index">Index it was written to.</param>
/// <param name="Status">HTTP status of the item, null when none came back.</param>
/// <param name="Reason">Error type and reason, as the server gave them.</param>
internal sealed record DeadLetter(string Id, string Index, int? Status, string Reason);
