namespace HybridSearch.Evaluation;

/// <summary>One query of a BEIR dataset.</summary>
/// <param name="Id">The query's <c>_id</c>.</param>
/// <param name="Text">The query text.</param>
public sealed record BeirQuery(string Id, string Text);
