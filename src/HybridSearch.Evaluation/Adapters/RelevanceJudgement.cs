namespace HybridSearch.Adapters;

/// <summary>One qrels line: how relevant a document is to a query (BEIR <c>qrels/*.tsv</c>; grades above 0 are relevant).</summary>
public readonly record struct RelevanceJudgement(string QueryId, string DocumentId, int Grade);
