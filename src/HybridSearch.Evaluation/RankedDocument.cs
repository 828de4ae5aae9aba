namespace HybridSearch.Evaluation;

/// <summary>One retrieved document of a run: its id and the score it was ranked by.</summary>
public readonly record struct RankedDocument(string Id, double Score);
