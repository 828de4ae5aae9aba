using System.Collections.Concurrent;
using HybridSearch.Numerics;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// Core's <see cref="SearchPipeline"/> over a cluster without shipping documents it will not return: the candidate
/// requests (up to the fusion window from each retriever, or every rescoring candidate) ask for ids, scores and best-passage
/// offsets only (<c>_source: false</c>), and one request then fetches the stored fields of the final K hits; with
/// <see cref="SearchRequest.IncludeFields"/> false nothing is fetched. A default hybrid query used to download the full text
/// of 200 documents to show 10.
/// </summary>
internal static class LeanSearch
{
    public static async Task<SearchResults> RunAsync(
        IBackendEngine engine, SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken)
    {
        var retrieval = new Retrieval(engine);
        var results = await SearchPipeline.RunAsync(retrieval, request, pendingQueryVector, cancellationToken).ConfigureAwait(false);
        if (!request.IncludeFields || results.Hits.Count == 0)
        {
            return results;
        }

        // The pipeline has awaited the vector already (keyword-only searches never needed one).
        var queryVector = request.Mode == SearchMode.Keyword ? ReadOnlyMemory<float>.Empty : await pendingQueryVector.ConfigureAwait(false);
        var ids = results.Hits.Select(static h => h.Id).ToList();
        var sources = (await engine.FetchSourcesAsync(ids, cancellationToken).ConfigureAwait(false))
            .ToDictionary(static s => s.Id, static s => s.Source, StringComparer.Ordinal);
        var hits = new List<SearchHit>(results.Hits.Count);
        foreach (var hit in results.Hits)
        {
            // A document deleted between the retrieval and the fetch keeps its rank and score, without fields.
            hits.Add(sources.TryGetValue(hit.Id, out var source)
                ? hit with
                {
                    Title = source.Title,
                    Passage = source.PassageText(retrieval.BestPassageOf(hit.Id, queryVector.Span)),
                    Metadata = source.Metadata,
                }
                : hit);
        }

        return new SearchResults(hits);
    }

    /// <summary>The engine's retrievals without fields, remembering what a hit's passage needs.</summary>
    private sealed class Retrieval(IBackendEngine engine) : IRetrievalBackend
    {
        private readonly ConcurrentDictionary<string, int> _bestPassages = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, IReadOnlyList<ReadOnlyMemory<float>>> _vectors = new(StringComparer.Ordinal);

        public Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default) =>
            engine.KeywordSearchAsync(query, withFields: false, cancellationToken);

        public async Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
        {
            var results = await engine.VectorSearchAsync(query, withFields: false, cancellationToken).ConfigureAwait(false);
            foreach (var result in results)
            {
                if (result.BestPassage is { } best)
                {
                    _bestPassages[result.Id] = best;
                }
            }

            return results;
        }

        public async Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(
            IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
        {
            var vectors = await engine.GetPassageVectorsAsync(ids, cancellationToken).ConfigureAwait(false);
            foreach (var document in vectors)
            {
                _vectors[document.Id] = document.Vectors;
            }

            return vectors;
        }

        /// <summary>
        /// The passage a hit shows: after exact rescoring, the one the exact dot product chose (as the pipeline's rescoring
        /// does); else the server's best inner hit; null when only the keyword retriever found the document.
        /// </summary>
        public int? BestPassageOf(string id, ReadOnlySpan<float> queryVector)
        {
            if (!queryVector.IsEmpty && _vectors.TryGetValue(id, out var passages) && passages.Count > 0)
            {
                // The rescorer's kernel, first maximum wins: the same passage it chose, to the bit.
                var best = 0;
                var bestScore = float.NegativeInfinity;
                Span<float> score = stackalloc float[1];
                for (var i = 0; i < passages.Count; i++)
                {
                    if (passages[i].Length != queryVector.Length)
                    {
                        continue;
                    }

                    VectorMath.DotProducts(queryVector, passages[i].Span, queryVector.Length, score);
                    if (score[0] > bestScore)
                    {
                        (best, bestScore) = (i, score[0]);
                    }
                }

                return best;
            }

            return _bestPassages.TryGetValue(id, out var passage) ? passage : null;
        }
    }
}
