using HybridSearch.Search;

namespace HybridSearch.Core.Tests.Search;

/// <summary>A backend that answers with canned lists and records every query it was asked.</summary>
internal sealed class FakeSearchBackend : ISearchBackend, IRetrievalBackend
{
    public IReadOnlyList<RetrievedDocument> KeywordResults { get; set; } = [];

    public IReadOnlyList<RetrievedDocument> VectorResults { get; set; } = [];

    public Dictionary<string, float[][]> StoredPassages { get; } = new(StringComparer.Ordinal);

    public List<KeywordQuery> KeywordQueries { get; } = [];

    /// <summary>When set, keyword retrieval fails with it.</summary>
    public Exception? KeywordFailure { get; set; }

    public List<VectorQuery> VectorQueries { get; } = [];

    public List<IReadOnlyList<string>> PassageRequests { get; } = [];

    public IndexDescription Description { get; set; } = new(null, 0, 0);

    public int DescribeCalls { get; private set; }

    public List<(SearchRequest Request, float[] Vector)> Searches { get; } = [];

    public Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        DescribeCalls++;
        return Task.FromResult(Description);
    }

    public Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default)
    {
        KeywordQueries.Add(query);
        if (KeywordFailure is { } failure)
        {
            return Task.FromException<IReadOnlyList<RetrievedDocument>>(failure);
        }

        return Task.FromResult<IReadOnlyList<RetrievedDocument>>(KeywordResults.Take(query.K).ToList());
    }

    public Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        VectorQueries.Add(query);
        return Task.FromResult<IReadOnlyList<RetrievedDocument>>(VectorResults.Take(query.K).ToList());
    }

    public Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        PassageRequests.Add(ids);
        var found = new List<PassageVectors>();
        foreach (var id in ids)
        {
            if (StoredPassages.TryGetValue(id, out var vectors))
            {
                found.Add(new PassageVectors(id, vectors.Select(v => (ReadOnlyMemory<float>)v).ToList()));
            }
        }

        return Task.FromResult<IReadOnlyList<PassageVectors>>(found);
    }

    public async Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default)
    {
        var queryVector = request.Mode == SearchMode.Keyword ? ReadOnlyMemory<float>.Empty : await pendingQueryVector;
        Searches.Add((request, queryVector.ToArray()));
        return await SearchPipeline.RunAsync(this, request, queryVector, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public static RetrievedDocument Doc(string id, double score, string? title = null) =>
        new() { Id = id, Score = score, Title = title };
}
