namespace HybridSearch.Elasticsearch.Internal;

/// <summary>The server's answer for one bulk item.</summary>
/// <param name="Status">HTTP status of the item.</param>
/// <param name="ErrorType">Error type (e.g. <c>mapper_parsing_exception</c>) when it failed.</param>
/// <param name="Reason">Error reason when it failed.</param>
internal readonly record struct BulkItemOutcome(int Status, string? ErrorType, string? Reason);
