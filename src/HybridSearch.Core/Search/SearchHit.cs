namespace HybridSearch.Search;

/// <summary>One ranked document with the reasons it ranked: each retriever's score and rank, and its best passage.</summary>
public sealed record SearchHit
{
    /// <summary>Document id.</summary>
    public required string Id { get; init; }

    /// <summary>Final score the list is ordered by (fused, rescored or a single retriever's).</summary>
    public required double Score { get; init; }

    /// <summary>Keyword (BM25) score and rank, when the keyword retriever found the document.</summary>
    public ComponentScore? Keyword { get; init; }

    /// <summary>Vector score and rank, when the semantic retriever found the document.</summary>
    public ComponentScore? Semantic { get; init; }

    /// <summary>Title, when the document has one and the backend returned it.</summary>
    public string? Title { get; init; }

    /// <summary>Best-matching passage text (the whole text when the document is one passage), when returned.</summary>
    public string? Passage { get; init; }

    /// <summary>Metadata fields of the document.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
