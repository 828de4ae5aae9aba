using System.Buffers;
using HybridSearch.Embedded.Internal.Vectors;

namespace HybridSearch.Embedded.Internal.Ann;

/// <summary>
/// Approximate search: the HNSW graph proposes passage rows (the metadata filter applied inside the traversal), their
/// documents become candidates, and each candidate is then scored exactly by its best passage from the stored rows.
/// </summary>
internal static class ApproximateSearch
{
    private const int MaxPassagesPerDocument = 8;

    public static List<VectorHit> Run(
        AnnGraph graph, VectorSnapshot snapshot, ReadOnlySpan<float> query, int k, int candidates, AllowedDocuments? allowed)
    {
        var liveRows = allowed?.Rows ?? snapshot.Rows;
        if (liveRows == 0 || snapshot.Documents == 0)
        {
            return [];
        }

        // Several passages of one document may crowd the nearest rows, so ask for rows in proportion to passages per document.
        var passagesPerDocument = Math.Clamp((snapshot.Rows + snapshot.Documents - 1) / snapshot.Documents, 1, MaxPassagesPerDocument);
        var count = (int)Math.Min(liveRows, Math.Max(k, candidates) * passagesPerDocument);
        var filter = new SnapshotFilter(snapshot, allowed);
        var found = new Dictionary<long, (SegmentView View, int Ordinal)>();
        while (true)
        {
            var keys = new long[count];
            var scores = new float[count];
            var returned = graph.Search(query, filter, keys, scores);
            found.Clear();
            for (var i = 0; i < returned; i++)
            {
                if (snapshot.TryLocate(keys[i], out var view, out var ordinal, out _))
                {
                    found.TryAdd(view.Segment.FirstKeys[ordinal], (view, ordinal));
                }
            }

            if (found.Count >= k || returned < count || count >= liveRows)
            {
                break;
            }

            count = (int)Math.Min(liveRows, count * 2L);
        }

        var top = new TopHits(k);
        var buffer = ArrayPool<float>.Shared.Rent(MaxPassagesPerDocument);
        try
        {
            foreach (var (view, ordinal) in found.Values)
            {
                top.Offer(ExactSearch.BestPassage(view, ordinal, query, ref buffer));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        return top.ToList();
    }
}
