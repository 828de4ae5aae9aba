using System.Runtime.ExceptionServices;
using HybridSearch.Numerics;

namespace HybridSearch.Search;

/// <summary>
/// The one implementation of keyword, semantic and hybrid search over the <see cref="IRetrievalBackend"/> primitives:
/// retrieval, optional exact rescoring, fusion and hit assembly. Every backend without a server-side alternative runs
/// queries through here, so the embedded index and Elasticsearch rank identically given identical retrievers.
/// </summary>
public static partial class SearchPipeline
{
    /// <summary>Candidates a vector retriever examines when the request does not say.</summary>
    public const int DefaultCandidates = 100;

    /// <summary>Runs <paramref name="request"/> against <paramref name="backend"/>.</summary>
    public static Task<SearchResults> RunAsync(
        IRetrievalBackend backend, SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Mode != SearchMode.Keyword && queryVector.IsEmpty)
        {
            throw new ArgumentException($"A {request.Mode} search needs a query vector.", nameof(queryVector));
        }

        return RunAsync(backend, request, Task.FromResult(queryVector), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="request"/> against <paramref name="backend"/> while its query vector is still being computed:
    /// keyword retrieval starts first, so it overlaps query encoding; vector retrieval starts once the vector is there.
    /// </summary>
    public static async Task<SearchResults> RunAsync(
        IRetrievalBackend backend,
        SearchRequest request,
        Task<ReadOnlyMemory<float>> pendingQueryVector,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pendingQueryVector);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.K);
        if (request.Mode == SearchMode.Hybrid)
        {
            // Bad fusion settings fail before any retrieval work.
            ScoreFusion.Validate(request.Fusion);
        }

        // Each retriever returns `depth` documents: K for a single retriever, the fusion window for hybrid.
        var depth = request.Mode == SearchMode.Hybrid ? Math.Max(request.K, request.Fusion.Window) : request.K;
        var candidates = Math.Max(request.Candidates ?? DefaultCandidates, depth);

        Task<IReadOnlyList<RetrievedDocument>>? keywordTask = null;
        Task<IReadOnlyList<RetrievedDocument>>? semanticTask = null;
        if (request.Mode != SearchMode.Semantic)
        {
            var keywordQuery = new KeywordQuery(request.Query, depth, request.Filters);
            keywordTask = ObserveAsync(KeywordStage, () => backend.KeywordSearchAsync(keywordQuery, cancellationToken));
        }

        var queryVector = ReadOnlyMemory<float>.Empty;
        if (request.Mode != SearchMode.Keyword)
        {
            queryVector = await QueryVectorAsync(pendingQueryVector, keywordTask, request.Mode).ConfigureAwait(false);

            // Rescoring widens the semantic list to every candidate, then cuts it back to depth after exact scoring.
            var vectorK = request.Rescore ? candidates : depth;
            var vectorQuery = new VectorQuery(queryVector, vectorK, candidates, request.Filters);
            semanticTask = ObserveAsync(VectorStage, () => backend.VectorSearchAsync(vectorQuery, cancellationToken));
        }

        if (keywordTask is not null && semanticTask is not null)
        {
            // Both run at once; waiting on both means a failure of one never leaves the other unobserved.
            await Task.WhenAll(keywordTask, semanticTask).ConfigureAwait(false);
        }

        var keyword = keywordTask is null ? [] : await keywordTask.ConfigureAwait(false);
        var semantic = semanticTask is null ? [] : await semanticTask.ConfigureAwait(false);
        if (request.Rescore && semantic.Count > 0)
        {
            var candidateList = semantic;
            semantic = await ObserveAsync(
                RescoreStage,
                () => RescoreAsync(backend, candidateList, queryVector, depth, cancellationToken)).ConfigureAwait(false);
        }

        var hits = request.Mode switch
        {
            SearchMode.Keyword => SingleList(keyword, request.K, isKeyword: true),
            SearchMode.Semantic => SingleList(semantic, request.K, isKeyword: false),
            _ => Fuse(keyword, semantic, request),
        };
        return new SearchResults(hits);
    }

    // The query vector, once computed. When it cannot be had, the keyword retrieval already running is awaited too, so its
    // own failure is observed; the vector's failure is the one the caller sees.
    private static async Task<ReadOnlyMemory<float>> QueryVectorAsync(
        Task<ReadOnlyMemory<float>> pendingQueryVector, Task<IReadOnlyList<RetrievedDocument>>? keywordTask, SearchMode mode)
    {
        Exception failure;
        try
        {
            var vector = await pendingQueryVector.ConfigureAwait(false);
            if (!vector.IsEmpty)
            {
                return vector;
            }

            failure = new ArgumentException($"A {mode} search needs a query vector.", nameof(pendingQueryVector));
        }
        catch (Exception exception) when (keywordTask is not null)
        {
            failure = exception;
        }

        if (keywordTask is not null)
        {
            try
            {
                await keywordTask.ConfigureAwait(false);
            }
            catch (Exception keywordFailure) when (failure is not OperationCanceledException)
            {
                throw new AggregateException("Both the query vector and the keyword retrieval failed.", failure, keywordFailure);
            }
            catch (Exception) when (failure is OperationCanceledException)
            {
                // The search was cancelled: the caller sees that cancellation below, as from any other search, whatever the
                // keyword retrieval did meanwhile.
            }
        }

        ExceptionDispatchInfo.Throw(failure);
        return default;
    }

    /// <summary>
    /// Re-ranks vector candidates by the exact float32 dot product of the query with each candidate's best stored passage.
    /// </summary>
    internal static async Task<IReadOnlyList<RetrievedDocument>> RescoreAsync(
        IRetrievalBackend backend,
        IReadOnlyList<RetrievedDocument> candidates,
        ReadOnlyMemory<float> queryVector,
        int keep,
        CancellationToken cancellationToken)
    {
        var ids = new string[candidates.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = candidates[i].Id;
        }

        var stored = await backend.GetPassageVectorsAsync(ids, cancellationToken).ConfigureAwait(false);
        var byId = new Dictionary<string, PassageVectors>(stored.Count, StringComparer.Ordinal);
        foreach (var entry in stored)
        {
            byId[entry.Id] = entry;
        }

        var rescored = new List<(RetrievedDocument Document, int Order)>(candidates.Count);
        var query = queryVector.Span;
        Span<float> score = stackalloc float[1];
        foreach (var candidate in candidates)
        {
            if (!byId.TryGetValue(candidate.Id, out var passages) || passages.Vectors.Count == 0)
            {
                // Deleted between the two requests: it cannot be scored exactly, so it drops out.
                continue;
            }

            var best = float.NegativeInfinity;
            var bestIndex = 0;
            for (var p = 0; p < passages.Vectors.Count; p++)
            {
                var vector = passages.Vectors[p].Span;
                if (vector.Length != query.Length)
                {
                    throw new InvalidOperationException(
                        $"Document '{candidate.Id}' passage {p} has {vector.Length} dimensions; the query has {query.Length}.");
                }

                // The same kernel as exact vector search, whose per-row result does not depend on how many rows it is given:
                // an exact retriever and the rescorer agree to the bit, so rescoring never reorders near-ties by rounding.
                VectorMath.DotProductsCore(query, vector, query.Length, 1, score);
                if (score[0] > best)
                {
                    best = score[0];
                    bestIndex = p;
                }
            }

            rescored.Add((candidate with { Score = best, BestPassage = bestIndex }, rescored.Count));
        }

        // Equal scores keep the retriever's order, so results are deterministic.
        rescored.Sort(static (a, b) =>
            a.Document.Score != b.Document.Score ? b.Document.Score.CompareTo(a.Document.Score) : a.Order.CompareTo(b.Order));
        var ordered = new List<RetrievedDocument>(Math.Min(keep, rescored.Count));
        for (var i = 0; i < rescored.Count && i < keep; i++)
        {
            ordered.Add(rescored[i].Document);
        }

        return ordered;
    }

    private static List<SearchHit> SingleList(IReadOnlyList<RetrievedDocument> list, int k, bool isKeyword)
    {
        var hits = new List<SearchHit>(Math.Min(k, list.Count));
        for (var i = 0; i < list.Count && i < k; i++)
        {
            var component = new ComponentScore(list[i].Score, i + 1);
            hits.Add(ScoreFusion.ToHit(list[i], list[i].Score, isKeyword ? component : null, isKeyword ? null : component, null));
        }

        return hits;
    }
}
