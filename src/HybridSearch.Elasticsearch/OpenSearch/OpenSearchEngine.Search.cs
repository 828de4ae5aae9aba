using System.Text.Json;
using System.Text.Json.Nodes;
using HybridSearch.Elasticsearch.Internal;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.OpenSearch;

internal sealed partial class OpenSearchEngine
{
    public async Task<IReadOnlyList<(string Id, IndexedDocument Source)>> FetchSourcesAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        var body = new JsonObject
        {
            ["size"] = ids.Count,
            ["query"] = new JsonObject
            {
                ["ids"] = new JsonObject { ["values"] = new JsonArray([.. ids.Select(static id => (JsonNode)JsonValue.Create(id)!)]) },
            },
            ["_source"] = StoredFieldsOnly(),
        };
        using var response = await SendJsonAsync(
            HttpMethod.Post, IndexPath + "/_search", body, "fetch the fields of the hits", cancellationToken).ConfigureAwait(false);
        var sources = new List<(string, IndexedDocument)>();
        foreach (var hit in response.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray())
        {
            if (hit.TryGetProperty("_source", out var source) && source.Deserialize<IndexedDocument>() is { } document)
            {
                sources.Add((hit.GetProperty("_id").GetString()!, document));
            }
        }

        return sources;
    }

    public async Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(
        KeywordQuery query, bool withFields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.K);
        await GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        var multiMatch = new JsonObject
        {
            ["multi_match"] = new JsonObject
            {
                ["query"] = query.Text,
                ["fields"] = new JsonArray([.. _options.EffectiveKeywordFields.Select(static f => (JsonNode)JsonValue.Create(f)!)]),
                ["type"] = "best_fields",
                ["tie_breaker"] = 0.5,
            },
        };
        var body = new JsonObject
        {
            ["size"] = query.K,
            ["query"] = WithFilters(multiMatch, query.Filters),
            ["_source"] = withFields ? StoredFieldsOnly() : JsonValue.Create(false),
        };
        return await SearchAsync(body, isVector: false, "run a keyword search", cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(
        VectorQuery query, bool withFields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.K);
        await GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        var vector = new JsonArray([.. query.Vector.ToArray().Select(static v => (JsonNode)JsonValue.Create(v)!)]);

        // The knn query has no num_candidates: its k is how many neighbours the graph search gathers (Lucene's HNSW explores
        // k candidates), and size cuts them to K. So k carries Candidates, as num_candidates does for Elasticsearch.
        var k = Math.Max(query.K, Math.Min(query.Candidates, ElasticsearchBackendOptions.MaxNumCandidates));
        JsonObject knnQuery;
        if (Nested)
        {
            // Nested kNN scores a document by its best passage; metadata filters then apply after the kNN search.
            var nested = new JsonObject
            {
                ["nested"] = new JsonObject
                {
                    ["path"] = "passages",
                    ["score_mode"] = "max",
                    ["query"] = new JsonObject
                    {
                        ["knn"] = new JsonObject { ["passages.vector"] = new JsonObject { ["vector"] = vector, ["k"] = k } },
                    },
                    ["inner_hits"] = new JsonObject { ["size"] = 1, ["_source"] = false },
                },
            };
            knnQuery = WithFilters(nested, query.Filters);
        }
        else
        {
            var field = new JsonObject { ["vector"] = vector, ["k"] = k };
            if (query.Filters.Count > 0)
            {
                // A filter inside the knn clause is an efficient pre-filter (Lucene engine).
                field["filter"] = new JsonObject { ["bool"] = new JsonObject { ["filter"] = Terms(query.Filters) } };
            }

            knnQuery = new JsonObject { ["knn"] = new JsonObject { ["vector"] = field } };
        }

        var body = new JsonObject
        {
            ["size"] = query.K,
            ["query"] = knnQuery,
            ["_source"] = withFields ? StoredFieldsOnly() : JsonValue.Create(false),
        };
        return await SearchAsync(body, isVector: true, "run a kNN search", cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var results = new List<PassageVectors>(ids.Count);
        if (ids.Count == 0)
        {
            return results;
        }

        await GetLayoutAsync(cancellationToken).ConfigureAwait(false);

        var body = new JsonObject
        {
            ["size"] = ids.Count,
            ["query"] = new JsonObject
            {
                ["ids"] = new JsonObject { ["values"] = new JsonArray([.. ids.Select(static id => (JsonNode)JsonValue.Create(id)!)]) },
            },
            ["_source"] = new JsonObject { ["includes"] = new JsonArray(Nested ? "passages" : "vector") },
        };
        using var response = await SendJsonAsync(HttpMethod.Post, IndexPath + "/_search", body, "fetch stored vectors", cancellationToken)
            .ConfigureAwait(false);
        foreach (var hit in response.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray())
        {
            var id = hit.GetProperty("_id").GetString()!;
            var source = hit.GetProperty("_source").Deserialize<IndexedDocument>()!;
            var vectors = new List<ReadOnlyMemory<float>>();
            if (source.Vector is { } single)
            {
                vectors.Add(single);
            }

            foreach (var passage in source.Passages ?? [])
            {
                vectors.Add(passage.Vector ?? throw new InvalidOperationException(
                    $"Index '{Index}' returned document '{id}' without passage vectors."));
            }

            results.Add(new PassageVectors(id, vectors));
        }

        return results;
    }

    /// <summary>The Lucene engine scores inner product as dot + 1 (dot ≥ 0) or 1 / (1 − dot); callers expect the dot product.</summary>
    internal static double DotProductOf(double score) => score >= 1 ? score - 1 : 1 - (1 / score);

    private async Task<IReadOnlyList<RetrievedDocument>> SearchAsync(
        JsonObject body, bool isVector, string what, CancellationToken cancellationToken)
    {
        using var response = await SendJsonAsync(
            HttpMethod.Post, IndexPath + "/_search", body, what, cancellationToken).ConfigureAwait(false);
        var hits = response.RootElement.GetProperty("hits").GetProperty("hits");
        var results = new List<RetrievedDocument>(hits.GetArrayLength());
        foreach (var hit in hits.EnumerateArray())
        {
            var score = hit.TryGetProperty("_score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
            var source = hit.TryGetProperty("_source", out var src) ? src.Deserialize<IndexedDocument>() : null;
            int? best = null;
            if (isVector)
            {
                best = Nested ? BestPassageOf(hit) : 0;
                score = DotProductOf(score);
            }

            var passage = source?.Text;
            if (best is { } b && source?.Passages is { } passages && b < passages.Count
                && passages[b].Start + passages[b].Length <= source.EncodingText.Length)
            {
                passage = source.EncodingText.Substring(passages[b].Start, passages[b].Length);
            }

            results.Add(new RetrievedDocument
            {
                Id = hit.GetProperty("_id").GetString()!,
                Score = score,
                BestPassage = best,
                Title = source?.Title,
                Passage = passage,
                Metadata = source?.Metadata,
            });
        }

        return results;
    }

    private static int? BestPassageOf(JsonElement hit)
    {
        if (hit.TryGetProperty("inner_hits", out var inner))
        {
            foreach (var group in inner.EnumerateObject())
            {
                foreach (var nested in group.Value.GetProperty("hits").GetProperty("hits").EnumerateArray())
                {
                    return nested.GetProperty("_nested").GetProperty("offset").GetInt32();
                }
            }
        }

        return null;
    }

    private static JsonObject WithFilters(JsonObject query, IReadOnlyDictionary<string, string> filters) =>
        filters.Count == 0
            ? query
            : new JsonObject { ["bool"] = new JsonObject { ["must"] = new JsonArray(query), ["filter"] = Terms(filters) } };

    private static JsonArray Terms(IReadOnlyDictionary<string, string> filters)
    {
        var keys = filters.Keys.ToList();
        keys.Sort(StringComparer.Ordinal);
        var terms = new JsonArray();
        foreach (var key in keys)
        {
            terms.Add(new JsonObject { ["term"] = new JsonObject { ["metadata." + key] = filters[key] } });
        }

        return terms;
    }

    private JsonObject StoredFieldsOnly() =>
        new() { ["excludes"] = new JsonArray(Nested ? "passages.vector" : "vector") };
}
