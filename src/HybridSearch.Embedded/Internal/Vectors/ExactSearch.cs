using HybridSearch.Numerics;
using System.Buffers;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// Exact search: the float32 dot product of the query with every live passage row (brute force, no approximation),
/// each document scored by its best passage. With a filter, only the allowed documents' rows are read.
/// </summary>
internal static class ExactSearch
{
    private const int ChunkRows = 2048;

    public static List<VectorHit> Run(VectorSnapshot snapshot, ReadOnlySpan<float> query, int k, AllowedDocuments? allowed)
    {
        var top = new TopHits(k);
        var buffer = ArrayPool<float>.Shared.Rent(ChunkRows);
        try
        {
            foreach (var view in snapshot.Segments)
            {
                if (view.LiveDocuments == 0)
                {
                    continue;
                }

                if (allowed is null)
                {
                    ScanSegment(view, query, ref buffer, top);
                    continue;
                }

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

    private static void ScanSegment(SegmentView view, ReadOnlySpan<float> query, ref float[] buffer, TopHits top)
    {
        var segment = view.Segment;
        var next = 0;
        while (next < segment.DocumentCount)
        {
            var first = next;
            next = DocumentRuns.End(segment, first, buffer.Length);
            var firstRow = segment.RowStarts[first];
            var rows = (int)(segment.RowStarts[next] - firstRow);
            DocumentRuns.EnsureCapacity(ref buffer, rows);
            var scores = buffer.AsSpan(0, rows);
            VectorMath.DotProducts(query, segment.GetRows(firstRow, rows), segment.Dimensions, scores);
            for (var d = first; d < next; d++)
            {
                if (!view.IsLive(d))
                {
                    continue;
                }

                var passages = scores.Slice((int)(segment.RowStarts[d] - firstRow), segment.RowsOf(d));
                var best = DocumentRuns.Best(passages);
                if (top.WouldAccept(passages[best]))
                {
                    top.Offer(new VectorHit(view, d, best, passages[best]));
                }
            }
        }
    }
}
