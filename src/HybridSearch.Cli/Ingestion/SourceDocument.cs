using HybridSearch.Search;

namespace HybridSearch.Cli.Ingestion;

/// <summary>A document read from an input, with where it came from (<c>file:line</c> or a path) for error messages.</summary>
internal sealed record SourceDocument(SearchDocument Document, string Origin);
