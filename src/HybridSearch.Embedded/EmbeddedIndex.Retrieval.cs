using HybridSearch.Embedded.Internal;
using HybridSearch.Embedded.Internal.Ann;
using HybridSearch.Embedded.Internal.Keyword;
using HybridSearch.Embedded.Internal.Vectors;
using HybridSearch.Search;

namespace HybridSearch.Embedded;

/// <summary>
/// The retrievers over one snapshot. With <c>withFields</c> false they return ids, scores and best passages only: a hybrid
/// query fuses hundreds of candidates but shows ten, so stored fields are read for the final hits alone.
/// </summary>
public sealed partial class EmbeddedIndex
{
    internal List<RetrievedDocument> KeywordCore(IndexSnapshot snapshot, KeywordQuery query, bool withFields)
    {
        var top = _keyword.Search(snapshot.Searcher, query);
        var results = new List<RetrievedDocument>(top.Length);
        if (withFields)
        {
            foreach (var hit in top)
            {
                results.Add(StoredDocument.Read(snapshot.Searcher.Doc(hit.Doc)).ToRetrieved(hit.Score, passage: null));
            }

            return results;
        }

        // Lucene doc ids change with merges: a document is identified through its row key, which the vector side maps to the id.
        var keys = KeywordIndex.KeysOf(snapshot.Searcher, top);
        for (var i = 0; i < top.Length; i++)
        {
            if (!snapshot.Vectors.TryLocate(keys[i], out var view, out var ordinal, out _))
            {
                throw new InvalidDataException($"Index '{DirectoryPath}' has a Lucene document (doc {top[i].Doc}) without vectors.");
            }

            results.Add(new RetrievedDocument { Id = view.Segment.Ids[ordinal], Score = top[i].Score });
        }

        return results;
    }

    internal List<RetrievedDocument> VectorCore(IndexSnapshot snapshot, VectorQuery query, bool withFields)
    {
        if (_encoder is not { } encoder)
        {
            return [];
        }

        if (query.Vector.Length != encoder.Dimensions)
        {
            throw new ArgumentException(
                $"The query vector has {query.Vector.Length} dimensions; index '{DirectoryPath}' holds {encoder.Dimensions}-dimensional " +
                $"vectors from {encoder}.",
                nameof(query));
        }

        var allowed = query.Filters is { Count: > 0 } ? Allowed(snapshot, query.Filters) : null;
        var hits = SearchVectors(snapshot.Vectors, query, allowed);
        var results = new List<RetrievedDocument>(hits.Count);
        foreach (var hit in hits)
        {
            if (!withFields)
            {
                results.Add(new RetrievedDocument { Id = hit.Id, Score = hit.Score, BestPassage = hit.Passage });
                continue;
            }

            var stored = KeywordIndex.FindById(snapshot.Searcher, hit.Id) ?? throw new InvalidDataException(
                $"Index '{DirectoryPath}' has vectors for document '{hit.Id}' but no stored fields.");
            results.Add(stored.ToRetrieved(hit.Score, hit.Passage));
        }

        return results;
    }

    /// <summary>
    /// Picks the scan: a filter that leaves few rows is scored exactly in float32 whatever the mode, since reading those
    /// rows costs less than any scan or graph walk, and a selective filter would starve the graph's traversal.
    /// </summary>
    private List<VectorHit> SearchVectors(VectorSnapshot vectors, VectorQuery query, AllowedDocuments? allowed)
    {
        var selective = allowed is not null && allowed.Rows <= _options.ExactFilterThreshold;

        // A filter that leaves a small share of the rows starves the graph walk (most neighbours are filtered out): on a
        // million clustered vectors a 3% filter gave recall 0.4 at 700 ms, where scoring the allowed rows takes 20 ms.
        var sparse = allowed is not null && allowed.Rows < vectors.Rows * _options.GraphFilterMinShare;
        if (_vectors.Graph is { } graph && !selective && !sparse)
        {
            return ApproximateSearch.Run(graph, vectors, query.Vector.Span, query.K, query.Candidates, allowed);
        }

        // Reading the allowed rows in float32 costs 4 bytes a row, an int8 scan 1 byte for every row: the cheaper one wins.
        if (_options.VectorSearch == VectorSearchMode.ExactInt8 && !selective &&
            (allowed is null || allowed.Rows * sizeof(float) >= vectors.Rows))
        {
            var rescore = (int)Math.Min(int.MaxValue, Math.Max(query.Candidates, (long)query.K * _options.RescoreOversampling));
            return Int8Search.Run(vectors, query.Vector.Span, query.K, rescore, allowed, _options.ScanThreads);
        }

        return ExactSearch.Run(vectors, query.Vector.Span, query.K, allowed, _options.ScanThreads);
    }

    internal static List<PassageVectors> PassageVectorsCore(IndexSnapshot snapshot, IReadOnlyList<string> ids)
    {
        var results = new List<PassageVectors>(ids.Count);
        foreach (var id in ids)
        {
            var doc = KeywordIndex.FindDocument(snapshot.Searcher, id);
            if (doc < 0 || !snapshot.Vectors.TryLocate(KeywordIndex.KeyOf(snapshot.Searcher, doc), out var view, out var ordinal, out _))
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

        return results;
    }

    /// <summary>Fills in title, best passage and metadata of the final hits.</summary>
    internal static SearchResults WithStoredFields(IndexSnapshot snapshot, SearchResults results, IReadOnlyDictionary<string, int> bestPassages)
    {
        var hits = new List<SearchHit>(results.Hits.Count);
        foreach (var hit in results.Hits)
        {
            if (KeywordIndex.FindById(snapshot.Searcher, hit.Id) is not { } stored)
            {
                hits.Add(hit);
                continue;
            }

            int? passage = bestPassages.TryGetValue(hit.Id, out var best) ? best : null;
            hits.Add(hit with { Title = stored.Title, Passage = stored.PassageText(passage), Metadata = stored.Metadata });
        }

        return new SearchResults(hits);
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
