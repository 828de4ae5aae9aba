using HybridSearch.Search;

namespace HybridSearch.Cli.Ingestion;

/// <summary>
/// Splits a document into the passages that get a vector each. The hook for Core's sentence-aware token-window chunker:
/// until it is wired here, every document is one passage, which the encoder truncates at the model's token limit.
/// </summary>
internal static class Passages
{
    public const string Setting = "truncate";

    public static IReadOnlyList<(int Start, int Length)> Of(SearchDocument document) => [(0, document.EncodingText.Length)];
}
