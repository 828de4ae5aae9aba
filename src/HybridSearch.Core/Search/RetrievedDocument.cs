namespace HybridSearch.Search;

/// <summary>One result of a single retriever (keyword or vector), before fusion.</summary>
public sealed record RetrievedDocument
{
    /// <summary>Document id.</summary>
    public required string Id { get; init; }

    /// <summary>The retriever's score: BM25, or the dot product of the query with the best passage.</summary>
    public required double Score { get; init; }

    /// <summary>Index of the best passage among the document's passages (vector retrieval), else null.</summary>
    public int? BestPassage { get; init; }

    /// <summary>Title, when the backend returned stored fields.</summary>
    public string? Title { get; init; }

    /// <summary>Best passage text (or the text), when the backend returned stored fields.</summary>
    public string? Passage { get; init; }

    /// <summary>Metadata, when the backend returned stored fields.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
