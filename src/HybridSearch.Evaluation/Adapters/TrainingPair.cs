namespace HybridSearch.Adapters;

/// <summary>A query, a text relevant to it and optionally texts that are not (one line of a training JSONL file).</summary>
/// <param name="Query">The query text, as a user would type it (the query encoder adds any prefix).</param>
/// <param name="Positive">A relevant document text.</param>
/// <param name="Negatives">Non-relevant document texts, hardest first (for example BM25 hits); may be empty.</param>
public sealed record TrainingPair(string Query, string Positive, IReadOnlyList<string> Negatives);
