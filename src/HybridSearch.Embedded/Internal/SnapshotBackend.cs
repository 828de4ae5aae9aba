using System.Collections.Concurrent;
using HybridSearch.Encoding;
using HybridSearch.Search;

namespace HybridSearch.Embedded.Internal;

/// <summary>
/// The backend <see cref="SearchPipeline"/> sees during one <see cref="EmbeddedIndex.SearchAsync(SearchRequest, ReadOnlyMemory{float}, CancellationToken)"/>: every retrieval reads
/// the same snapshot, returns no stored fields, and remembers each semantic hit's best passage for the final hits.
/// </summary>
internal sealed class SnapshotBackend(EmbeddedIndex index, IndexSnapshot snapshot) : ISearchBackend
{
    private readonly ConcurrentDictionary<string, int> _bestPassages = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> BestPassages => _bestPassages;

    public Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RetrievedDocument>>(index.KeywordCore(snapshot, query, withFields: false));

    public Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        var results = index.VectorCore(snapshot, query, withFields: false);
        foreach (var result in results)
        {
            _bestPassages[result.Id] = result.BestPassage ?? 0;
        }

        return Task.FromResult<IReadOnlyList<RetrievedDocument>>(results);
    }

    /// <remarks>
    /// Both vector paths already score every candidate exactly by its best passage, so exact rescoring picks the same
    /// passage as the remembered one.
    /// </remarks>
    public Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PassageVectors>>(EmbeddedIndex.PassageVectorsCore(snapshot, ids));

    public Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default) => index.DescribeAsync(cancellationToken);

    public Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A search snapshot is read-only.");

    public Task UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A search snapshot is read-only.");

    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A search snapshot is read-only.");

    public Task<SearchResults> SearchAsync(SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Search through the index, not its snapshot.");
}
