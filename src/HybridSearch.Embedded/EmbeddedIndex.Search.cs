using HybridSearch.Embedded.Internal;
using HybridSearch.Embedded.Internal.Ann;
using HybridSearch.Embedded.Internal.Keyword;
using HybridSearch.Embedded.Internal.Vectors;
using HybridSearch.Search;

namespace HybridSearch.Embedded;

/// <summary>Reads: each call works on one acquired snapshot, so it sees both stores as of the same write.</summary>
public sealed partial class EmbeddedIndex
{
    /// <inheritdoc />
    public Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = AcquireSnapshot();
        try
        {
            return Task.FromResult(new IndexDescription(_encoder, snapshot.Vectors.Documents, snapshot.Vectors.Rows));
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.K);
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = AcquireSnapshot();
        try
        {
            return Task.FromResult<IReadOnlyList<RetrievedDocument>>(_keyword.Search(snapshot.Searcher, query));
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The query vector's size differs from the index's.</exception>
    public Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.K);
        cancellationToken.ThrowIfCancellationRequested();
        if (_encoder is not { } encoder)
        {
            return Task.FromResult<IReadOnlyList<RetrievedDocument>>([]);
        }

        if (query.Vector.Length != encoder.Dimensions)
        {
            throw new ArgumentException(
                $"The query vector has {query.Vector.Length} dimensions; index '{Directory}' holds {encoder.Dimensions}-dimensional " +
                $"vectors from {encoder}.",
                nameof(query));
        }

        var snapshot = AcquireSnapshot();
        try
        {
            var allowed = query.Filters is { Count: > 0 } ? Allowed(snapshot, query.Filters) : null;
            var graph = _vectors.Graph;
            var hits = graph is not null && (allowed is null || allowed.Rows > _options.ExactFilterThreshold)
                ? ApproximateSearch.Run(graph, snapshot.Vectors, query.Vector.Span, query.K, query.Candidates, allowed)
                : ExactSearch.Run(snapshot.Vectors, query.Vector.Span, query.K, allowed);
            var results = new List<RetrievedDocument>(hits.Count);
            foreach (var hit in hits)
            {
                var stored = KeywordIndex.FindById(snapshot.Searcher, hit.Id) ?? throw new InvalidDataException(
                    $"Index '{Directory}' has vectors for document '{hit.Id}' but no stored fields.");
                results.Add(stored.ToRetrieved(hit.Score, hit.Passage));
            }

            return Task.FromResult<IReadOnlyList<RetrievedDocument>>(results);
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = AcquireSnapshot();
        try
        {
            var results = new List<PassageVectors>(ids.Count);
            foreach (var id in ids)
            {
                if (KeywordIndex.FindById(snapshot.Searcher, id) is not { } stored ||
                    !snapshot.Vectors.TryLocate(stored.Key, out var view, out var ordinal, out _))
                {
                    continue;
                }

                var segment = view.Segment;
                var rows = segment.GetRows(segment.RowStarts[ordinal], segment.RowsOf(ordinal));
                var vectors = new ReadOnlyMemory<float>[segment.RowsOf(ordinal)];
                for (var p = 0; p < vectors.Length; p++)
                {
                    // Copied: the rows may live in a mapping that closes once the snapshot is released.
                    vectors[p] = rows.Slice(p * segment.Dimensions, segment.Dimensions).ToArray();
                }

                results.Add(new PassageVectors(id, vectors));
            }

            return Task.FromResult<IReadOnlyList<PassageVectors>>(results);
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <inheritdoc />
    public Task<SearchResults> SearchAsync(SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default) =>
        SearchPipeline.RunAsync(this, request, queryVector, cancellationToken);

    /// <summary>
    /// The content hash stored with each of <paramref name="ids"/> that the index holds, so an ingestion can skip documents
    /// that are already indexed unchanged.
    /// </summary>
    public Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = AcquireSnapshot();
        try
        {
            var hashes = new Dictionary<string, string>(ids.Count, StringComparer.Ordinal);
            foreach (var id in ids)
            {
                if (KeywordIndex.FindById(snapshot.Searcher, id) is { } stored)
                {
                    hashes[id] = stored.ContentHash;
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, string>>(hashes);
        }
        finally
        {
            snapshot.Release();
        }
    }

    private static AllowedDocuments Allowed(IndexSnapshot snapshot, IReadOnlyDictionary<string, string> filters)
    {
        var allowed = new AllowedDocuments();
        foreach (var key in KeywordIndex.FilterKeys(snapshot.Searcher, filters))
        {
            if (snapshot.Vectors.TryLocate(key, out var view, out var ordinal, out _))
            {
                allowed.Add(view, ordinal);
            }
        }

        return allowed;
    }
}
