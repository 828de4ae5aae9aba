using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.QueryDsl;
using HybridSearch.Search;
using EsSearchRequest = Elastic.Clients.Elasticsearch.SearchRequest;
using SearchRequest = HybridSearch.Search.SearchRequest;

namespace HybridSearch.Elasticsearch.Internal;

internal sealed partial class ElasticsearchEngine
{
    // Ids per request when fetching stored vectors: bounds the response to a few MB at 384 dimensions.
    private const int VectorFetchChunk = 500;

    public async Task<IReadOnlyList<(string Id, IndexedDocument Source)>> FetchSourcesAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        var request = new EsSearchRequest(Index)
        {
            Size = ids.Count,
            Query = new Query { Ids = new IdsQuery { Values = new Ids([.. ids]) } },
            Source = StoredFieldsOnly(),
            TrackTotalHits = new TrackHits(false),
        };
        var response = await SearchWithRetriesAsync(request, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(response, "fetch the fields of the hits");
        return [.. response.Hits.Where(static h => h.Source is not null).Select(static h => (h.Id!, h.Source!))];
    }

    public async Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(
        KeywordQuery query, bool withFields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.K);
        await GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        var request = new EsSearchRequest(Index)
        {
            Size = query.K,
            Query = KeywordQueryOf(query.Text, query.Filters),
            Source = withFields ? StoredFieldsOnly() : new SourceConfig(false),
            TrackTotalHits = new TrackHits(false),
        };
        var response = await SearchWithRetriesAsync(request, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(response, "run a keyword search");
        var results = new List<RetrievedDocument>(response.Hits.Count);
        foreach (var hit in response.Hits)
        {
            results.Add(ToRetrieved(hit, hit.Score ?? 0, bestPassage: null));
        }

        return results;
    }

    public async Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(
        VectorQuery query, bool withFields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.K);

        // k may not exceed num_candidates, which Elasticsearch caps at 10,000.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.K, ElasticsearchBackendOptions.MaxNumCandidates);
        await GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        var request = new EsSearchRequest(Index)
        {
            Size = query.K,
            Knn = [KnnOf(query)],
            Source = withFields ? StoredFieldsOnly() : new SourceConfig(false),
            TrackTotalHits = new TrackHits(false),
        };
        var response = await SearchWithRetriesAsync(request, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(response, "run a kNN search");
        var results = new List<RetrievedDocument>(response.Hits.Count);
        foreach (var hit in response.Hits)
        {
            int? best = Nested ? BestPassageOf(hit) : 0;
            results.Add(ToRetrieved(hit, DotProductOf(hit.Score ?? 0), best));
        }

        return results;
    }

    public async Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<PassageVectors>(ids.Count);
        for (var start = 0; start < ids.Count; start += VectorFetchChunk)
        {
            var chunk = new List<string>(Math.Min(VectorFetchChunk, ids.Count - start));
            for (var i = start; i < ids.Count && i < start + VectorFetchChunk; i++)
            {
                chunk.Add(ids[i]);
            }

            // From 9.2 vectors are left out of _source unless asked for; exclude_vectors: false asks. Servers before 9.1 do
            // not know the key (and return vectors anyway), so it is sent only to those that take it.
            var request = new EsSearchRequest(Index)
            {
                Size = chunk.Count,
                Query = new Query { Ids = new IdsQuery { Values = new Ids(chunk) } },
                Source = new SourceConfig(new SourceFilter
                {
                    Includes = Fields.FromStrings([Nested ? "passages" : "vector"]),
                    ExcludeVectors = _version is null or { TakesExcludeVectors: true } ? false : null,
                }),
                TrackTotalHits = new TrackHits(false),
            };
            var response = await SearchWithRetriesAsync(request, cancellationToken).ConfigureAwait(false);
            ThrowIfFailed(response, "fetch stored vectors");
            foreach (var hit in response.Hits)
            {
                results.Add(new PassageVectors(hit.Id!, VectorsOf(hit)));
            }
        }

        return results;
    }

    public Task<SearchResults> SearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default) =>
        SearchPipeline.RunAsync(this, request, queryVector, cancellationToken);

    private Query KeywordQueryOf(string text, IReadOnlyDictionary<string, string> filters)
    {
        var multiMatch = new Query
        {
            MultiMatch = new MultiMatchQuery
            {
                Query = text,
                Fields = Fields.FromStrings([.. _options.EffectiveKeywordFields]),
                Type = TextQueryType.BestFields,
                TieBreaker = 0.5,
            },
        };
        if (filters.Count == 0)
        {
            return multiMatch;
        }

        return new Query { Bool = new BoolQuery { Must = [multiMatch], Filter = FiltersOf(filters) } };
    }

    private KnnSearch KnnOf(VectorQuery query)
    {
        var knn = new KnnSearch
        {
            Field = VectorField,
            QueryVector = query.Vector.ToArray(),
            K = query.K,
            NumCandidates = Math.Min(Math.Max(query.Candidates, query.K), ElasticsearchBackendOptions.MaxNumCandidates),
        };
        if (query.Filters.Count > 0)
        {
            // Filters inside knn are pre-filters: the k nearest are found among the matching documents.
            knn.Filter = FiltersOf(query.Filters);
        }

        if (Nested)
        {
            knn.InnerHits = new InnerHits { Size = 1, Source = new SourceConfig(false) };
        }

        return knn;
    }

    private static List<Query> FiltersOf(IReadOnlyDictionary<string, string> filters)
    {
        var keys = filters.Keys.ToList();
        keys.Sort(StringComparer.Ordinal);
        var list = new List<Query>(keys.Count);
        foreach (var key in keys)
        {
            list.Add(new Query { Term = new TermQuery(new Field("metadata." + key), FieldValue.String(filters[key])) });
        }

        return list;
    }

    private SourceConfig StoredFieldsOnly() => new(new SourceFilter
    {
        Excludes = Fields.FromStrings([Nested ? "passages.vector" : "vector"]),
    });

    /// <summary>Elasticsearch scores <c>dot_product</c> on float vectors as (1 + dot) / 2; callers expect the dot product.</summary>
    private static double DotProductOf(double score) => (2 * score) - 1;

    private static int? BestPassageOf(Hit<IndexedDocument> hit)
    {
        if (hit.InnerHits is null)
        {
            return null;
        }

        foreach (var inner in hit.InnerHits.Values)
        {
            foreach (var nestedHit in inner.Hits.Hits)
            {
                return nestedHit.Nested?.Offset;
            }
        }

        return null;
    }

    private static RetrievedDocument ToRetrieved(Hit<IndexedDocument> hit, double score, int? bestPassage)
    {
        var source = hit.Source;
        string? passage = source?.Text;
        if (source?.Passages is { } passages && bestPassage is { } best && best < passages.Count)
        {
            var text = source.EncodingText;
            var span = passages[best];
            if (span.Start >= 0 && span.Length >= 0 && span.Start + span.Length <= text.Length)
            {
                passage = text.Substring(span.Start, span.Length);
            }
        }

        return new RetrievedDocument
        {
            Id = hit.Id!,
            Score = score,
            BestPassage = bestPassage,
            Title = source?.Title,
            Passage = passage,
            Metadata = source?.Metadata,
        };
    }

    private List<ReadOnlyMemory<float>> VectorsOf(Hit<IndexedDocument> hit)
    {
        var vectors = new List<ReadOnlyMemory<float>>();
        if (hit.Source?.Vector is { } vector)
        {
            vectors.Add(vector);
        }

        if (hit.Source?.Passages is { } passages)
        {
            foreach (var passage in passages)
            {
                vectors.Add(passage.Vector ?? throw new InvalidOperationException(
                    $"Index '{Index}' returned document '{hit.Id}' without passage vectors; the server may be older than 9.2."));
            }
        }

        if (vectors.Count == 0)
        {
            throw new InvalidOperationException(
                $"Index '{Index}' returned document '{hit.Id}' without its vector; the server may be older than 9.2 " +
                "or the field excluded from _source.");
        }

        return vectors;
    }
}
