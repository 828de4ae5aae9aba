namespace HybridSearch.Search;

/// <summary>What one upsert or delete did, document by document.</summary>
/// <param name="Written">Documents the index accepted.</param>
/// <param name="Rejected">Documents the index refused for good, each with the reason; empty when all were accepted.</param>
public sealed record IndexWriteResult(int Written, IReadOnlyList<DocumentRejection> Rejected)
{
    /// <summary>Every one of <paramref name="count"/> documents accepted.</summary>
    public static IndexWriteResult AllWritten(int count) => new(count, []);
}
