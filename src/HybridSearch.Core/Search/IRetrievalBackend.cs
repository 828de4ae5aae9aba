namespace HybridSearch.Search;

/// <summary>
/// The retrieval primitives <see cref="SearchPipeline"/> composes into keyword, semantic and hybrid search: one BM25
/// list, one vector list and the stored passage vectors for exact rescoring. Backends implement it so that fusion and
/// rescoring are the same Core code whatever the index is.
/// </summary>
public interface IRetrievalBackend
{
    /// <summary>BM25 search over the full-text fields (title and text).</summary>
    Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default);

    /// <summary>Documents ranked by their best passage's dot product with the query vector.</summary>
    Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default);

    /// <summary>The stored float32 passage vectors of the given documents (unknown ids are left out).</summary>
    Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);
}
