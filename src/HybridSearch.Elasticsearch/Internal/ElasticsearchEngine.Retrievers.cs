using Elastic.Clients.Elasticsearch;
using HybridSearch.Search;
using EsSearchRequest = Elastic.Clients.Elasticsearch.SearchRequest;
using SearchRequest = HybridSearch.Search.SearchRequest;

namespace HybridSearch.Elasticsearch.Internal;

internal sealed partial class ElasticsearchEngine
{
    /// <summary>
    /// Hybrid search fused by the server: a <c>standard</c> (multi_match) and a <c>knn</c> retriever under <c>rrf</c> or
    /// <c>linear</c> (min-max normalised, weights 1 − alpha and alpha), the same settings the C# fusion uses. The server
    /// reports only the fused score, so hits carry no per-retriever components. With exact rescoring asked for, the
    /// rescoring runs in C# (the retriever tree cannot rescore with stored float vectors), so the client path is used; so it
    /// is with z-score normalisation, which no retriever normaliser computes.
    /// </summary>
    public Task<SearchResults>? ServerHybridSearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // z-score has no retriever normaliser (l2_norm is another function): such a request is fused in C# as asked.
        var unexpressible = request.Fusion.Method == FusionMethod.Linear && request.Fusion.Normalization != ScoreNormalization.MinMax;
        return request.Mode != SearchMode.Hybrid || request.Rescore || unexpressible
            ? null
            : RetrieverSearchAsync(request, queryVector, cancellationToken);
    }

    private async Task<SearchResults> RetrieverSearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken)
    {
        if (queryVector.IsEmpty)
        {
            throw new ArgumentException("A hybrid search needs a query vector.", nameof(queryVector));
        }

        await GetLayoutAsync(cancellationToken).ConfigureAwait(false);

        var window = Math.Max(request.K, request.Fusion.Window);
        var candidates = Math.Min(
            Math.Max(request.Candidates ?? SearchPipeline.DefaultCandidates, window), ElasticsearchBackendOptions.MaxNumCandidates);
        var standard = new Retriever
        {
            Standard = new StandardRetriever { Query = KeywordQueryOf(request.Query, request.Filters) },
        };
        var knn = new KnnRetriever
        {
            Field = VectorField,
            QueryVector = queryVector.ToArray(),
            K = window,
            NumCandidates = candidates,
        };
        if (request.Filters.Count > 0)
        {
            knn.Filter = FiltersOf(request.Filters);
        }

        var knnRetriever = new Retriever { Knn = knn };
        Retriever fused = request.Fusion.Method == FusionMethod.ReciprocalRank
            ? new Retriever
            {
                Rrf = new RRFRetriever
                {
                    Retrievers = [standard, knnRetriever],
                    RankConstant = request.Fusion.RankConstant,
                    RankWindowSize = window,
                },
            }
            : new Retriever
            {
                Linear = new LinearRetriever
                {
                    Retrievers =
                    [
                        new InnerRetriever(standard)
                        {
                            Weight = (float)(1 - request.Fusion.Alpha),
                            Normalizer = NormalizerOf(request.Fusion),
                        },
                        new InnerRetriever(knnRetriever)
                        {
                            Weight = (float)request.Fusion.Alpha,
                            Normalizer = NormalizerOf(request.Fusion),
                        },
                    ],
                    RankWindowSize = window,
                },
            };

        var search = new EsSearchRequest(Index)
        {
            Size = request.K,
            Retriever = fused,
            Source = StoredFieldsOnly(),
            TrackTotalHits = new Elastic.Clients.Elasticsearch.Core.Search.TrackHits(false),
        };
        var response = await SearchWithRetriesAsync(search, cancellationToken).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode == 403
            && response.ElasticsearchServerError?.Error is { Reason: { } reason } && reason.Contains("license", StringComparison.OrdinalIgnoreCase))
        {
            // Retrievers that fuse need an Enterprise (or trial) licence; a Basic cluster refuses every such query.
            throw new HttpRequestException(
                $"Elasticsearch at {_options.ClusterLabel} refused the {(request.Fusion.Method == FusionMethod.ReciprocalRank ? "rrf" : "linear")} " +
                $"retriever for index '{Index}': {reason}. Set HybridSearch:Elasticsearch:Hybrid to Client: the same fusion runs in " +
                "C# on any licence.",
                null,
                System.Net.HttpStatusCode.Forbidden);
        }

        ThrowIfFailed(response,
            $"run a hybrid search with the {(request.Fusion.Method == FusionMethod.ReciprocalRank ? "rrf" : "linear")} retriever");
        var hits = new List<SearchHit>(response.Hits.Count);
        foreach (var hit in response.Hits)
        {
            var document = ToRetrieved(hit, hit.Score ?? 0, bestPassage: null);
            hits.Add(new SearchHit
            {
                Id = document.Id,
                Score = document.Score,
                Title = document.Title,
                Passage = document.Passage,
                Metadata = document.Metadata ?? new Dictionary<string, string>(),
            });
        }

        return new SearchResults(hits);
    }

    private static ScoreNormalizer NormalizerOf(FusionOptions fusion) => fusion.Normalization == ScoreNormalization.MinMax
        ? ScoreNormalizer.Minmax
        : throw new InvalidOperationException($"The linear retriever has no {fusion.Normalization} normaliser.");
}
