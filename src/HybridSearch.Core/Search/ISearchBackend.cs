using HybridSearch.Encoding;

namespace HybridSearch.Search;

/// <summary>
/// An index that stores encoded documents and answers keyword, vector and hybrid queries: the embedded index and
/// Elasticsearch both implement it, so the CLI, the worker, web apps and the evaluator never care which is behind it.
/// Query vectors come from the caller (see <see cref="HybridSearchClient"/>); fusion and exact rescoring are the shared
/// Core code in <see cref="SearchPipeline"/>.
/// </summary>
public interface ISearchBackend
{
    /// <summary>Counts and the document encoder the index was built with.</summary>
    Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the index for <paramref name="documentEncoder"/>, or checks that an existing index was built by a compatible
    /// encoder and throws <see cref="IncompatibleEncoderException"/> when it was not.
    /// </summary>
    Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces documents by id, all of their passages together; never duplicates.</summary>
    Task UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>Removes documents by id; unknown ids are ignored.</summary>
    Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>BM25 search over title and text.</summary>
    Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default);

    /// <summary>Documents ranked by their best passage's dot product with the query vector.</summary>
    Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default);

    /// <summary>The stored float32 passage vectors of the given documents (unknown ids are left out).</summary>
    Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers <paramref name="request"/> with <paramref name="queryVector"/> (empty for keyword mode). Backends without a
    /// server-side alternative implement this as <see cref="SearchPipeline.RunAsync(ISearchBackend, SearchRequest, ReadOnlyMemory{float}, CancellationToken)"/>.
    /// </summary>
    Task<SearchResults> SearchAsync(SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers <paramref name="request"/> while its query vector is still being computed: work that needs no vector
    /// (keyword retrieval, a keyword request to a server) starts at once and overlaps query encoding, which is most of a
    /// hybrid query's latency. The default waits for the vector and then calls
    /// <see cref="SearchAsync(SearchRequest, ReadOnlyMemory{float}, CancellationToken)"/>; backends built on
    /// <see cref="SearchPipeline"/> override it with <see cref="SearchPipeline.RunAsync(ISearchBackend, SearchRequest, Task{ReadOnlyMemory{float}}, CancellationToken)"/>.
    /// </summary>
    /// <param name="request">The query.</param>
    /// <param name="pendingQueryVector">The query vector being computed; its failure is the search's failure.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    async Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pendingQueryVector);
        var queryVector = await pendingQueryVector.ConfigureAwait(false);
        return await SearchAsync(request, queryVector, cancellationToken).ConfigureAwait(false);
    }
}
