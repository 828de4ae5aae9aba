namespace HybridSearch.Search;

/// <summary>
/// The query side of an index: what it holds, and keyword, semantic or hybrid search. The embedded index and Elasticsearch
/// both implement it, so the CLI, web apps and the evaluator never care which is behind it. Query vectors come from the
/// caller (see <see cref="HybridSearchClient"/>); fusion and exact rescoring are the shared Core code in
/// <see cref="SearchPipeline"/>. Writing is another contract, <see cref="IIndexWriter"/>; anything else a backend offers
/// (an optimizer, its server client) is reached through <see cref="GetService"/>.
/// </summary>
public interface ISearchBackend
{
    /// <summary>Counts and the document encoder the index was built with.</summary>
    Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers <paramref name="request"/> while its query vector may still be being computed: work that needs no vector
    /// (keyword retrieval, a keyword request to a server) may start at once and overlap query encoding, which is most of a
    /// hybrid query's latency. For <see cref="SearchMode.Keyword"/> the vector is empty and never awaited.
    /// </summary>
    /// <param name="request">The query.</param>
    /// <param name="pendingQueryVector">The query vector, computed or being computed; its failure is the search's failure.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default);

    /// <summary>
    /// An object of <paramref name="serviceType"/> this backend offers besides search (for example
    /// <see cref="IIndexOptimizer"/>, or the backend itself), or null; as <c>IEmbeddingGenerator.GetService</c> does.
    /// Decorators answer for themselves first, then ask the backend they wrap.
    /// </summary>
    object? GetService(Type serviceType, object? serviceKey = null);
}
