using HybridSearch.Numerics;
using System.Buffers;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// Exact search: the float32 dot product of the query with every live passage row (brute force, no approximation),
/// each document scored by its best passage, on up to <c>threads</c> threads (<see cref="ScanPlan"/>). With a filter, only
/// the allowed documents' rows are read.
/// </summary>
internal static class ExactSearch
{
    private const int ChunkRows = 2048;

    public static List<VectorHit> Run(VectorSnapshot snapshot, ReadOnlySpan<float> query, int k, AllowedDocuments? allowed, int threads)
    {
        if (allowed is not null)
        {
            return RunAllowed(snapshot, query, k, allowed);
        }

        var queryArray = query.ToArray();
        return ScanPlan.Run(snapshot, k, threads, (range, top) => ScanRange(range, queryArray, top)).ToList();
    }

    /// <summary>Scores one document by its best passage, exactly.</summary>
    public static VectorHit BestPassage(SegmentView view, int ordinal, ReadOnlySpan<float> query, ref float[] buffer)
    {
        var segment = view.Segment;
        var rows = segment.RowsOf(ordinal);
        DocumentRuns.EnsureCapacity(ref buffer, rows);
        var scores = buffer.AsSpan(0, rows);
        VectorMath.DotProducts(query, segment.GetRows(segment.RowStarts[ordinal], rows), segment.Dimensions, scores);
        var best = DocumentRuns.Best(scores);
        return new VectorHit(view, ordinal, best, scores[best]);
    }

    private static List<VectorHit> RunAllowed(VectorSnapshot snapshot, ReadOnlySpan<float> query, int k, AllowedDocuments allowed)
    {
        var top = new TopHits(k);
        var buffer = ArrayPool<float>.Shared.Rent(ChunkRows);
        try
        {
            foreach (var view in snapshot.Segments)
            {
                foreach (var ordinal in allowed.Ordinals(view.Segment))
                {
                    if (view.IsLive(ordinal))
                    {
                        top.Offer(BestPassage(view, ordinal, query, ref buffer));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        return top.ToList();
    }

    private static void ScanRange(ScanRange range, float[] query, TopHits top)
    {
        var segment = range.View.Segment;
        var buffer = ArrayPool<float>.Shared.Rent(ChunkRows);
        try
        {
            var next = range.First;
            while (next < range.End)
            {
                var first = next;
                next = Math.Min(range.End, DocumentRuns.End(segment, first, buffer.Length));
                var firstRow = segment.RowStarts[first];
                var rows = (int)(segment.RowStarts[next] - firstRow);
                DocumentRuns.EnsureCapacity(ref buffer, rows);
                var scores = buffer.AsSpan(0, rows);
                VectorMath.DotProducts(query, segment.GetRows(firstRow, rows), segment.Dimensions, scores);
                DocumentRuns.OfferBest(range.View, first, scores, allowed: null, top);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
