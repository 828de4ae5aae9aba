using HybridSearch.Search;

namespace HybridSearch.WebDemo.Search;

/// <summary>One hit and why it ranked.</summary>
/// <param name="Rank">1-based position in the final list.</param>
/// <param name="Id">Document id.</param>
/// <param name="Score">Final score (fused in hybrid mode, else the retriever's own).</param>
/// <param name="Keyword">BM25 score and rank, when the keyword retriever found the document.</param>
/// <param name="Semantic">Vector score and rank, when the semantic retriever found the document.</param>
/// <param name="Title">Title, when the document has one.</param>
/// <param name="Passage">The best-matching passage.</param>
internal sealed record HitResponse(
    int Rank, string Id, double Score, ComponentScore? Keyword, ComponentScore? Semantic, string? Title, string? Passage)
{
    public static HitResponse From(SearchHit hit, int rank) =>
        new(rank, hit.Id, hit.Score, hit.Keyword, hit.Semantic, hit.Title, hit.Passage);
}
