using System.Collections.Concurrent;
using HybridSearch.Search;

namespace HybridSearch.Embedded.Internal;

/// <summary>
/// The retrieval primitives <see cref="SearchPipeline"/> sees during one <see cref="EmbeddedIndex.SearchAsync"/>: every retrieval reads
/// the same snapshot, returns no stored fields, and remembers each semantic hit's best passage for the final hits.
/// </summary>
internal sealed class SnapshotBackend(EmbeddedIndex index, IndexSnapshot snapshot) : IRetrievalBackend
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
}
