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
        EnsureCapacity(ref buffer, rows);
        var scores = buffer.AsSpan(0, rows);
        VectorMath.DotProducts(query, segment.GetRows(segment.RowStarts[ordinal], rows), segment.Dimensions, scores);
        var best = 0;
        for (var p = 1; p < rows; p++)
        {
            if (scores[p] > scores[best])
            {
                best = p;
            }
        }

        return new VectorHit(view, ordinal, best, scores[best]);
    }

    private static void ScanSegment(SegmentView view, ReadOnlySpan<float> query, ref float[] buffer, TopHits top)
    {
        var segment = view.Segment;
        var documents = segment.DocumentCount;
        var next = 0;
        while (next < documents)
        {
            // A chunk of whole documents whose rows fit the buffer (at least one document, however long).
            var first = next;
            long rows = 0;
            while (next < documents && (next == first || rows + segment.RowsOf(next) <= buffer.Length))
            {
                rows += segment.RowsOf(next);
                next++;
            }

            EnsureCapacity(ref buffer, (int)rows);
            var scores = buffer.AsSpan(0, (int)rows);
            var firstRow = segment.RowStarts[first];
            VectorMath.DotProducts(query, segment.GetRows(firstRow, (int)rows), segment.Dimensions, scores);
            for (var d = first; d < next; d++)
            {
                if (!view.IsLive(d))
                {
                    continue;
                }

                var offset = (int)(segment.RowStarts[d] - firstRow);
                var count = segment.RowsOf(d);
                var best = 0;
                for (var p = 1; p < count; p++)
                {
                    if (scores[offset + p] > scores[offset + best])
                    {
                        best = p;
                    }
                }

                var score = scores[offset + best];
                if (top.WouldAccept(score))
                {
                    top.Offer(new VectorHit(view, d, best, score));
                }
            }
        }
    }

    private static void EnsureCapacity(ref float[] buffer, int rows)
    {
        if (buffer.Length < rows)
        {
            ArrayPool<float>.Shared.Return(buffer);
            buffer = ArrayPool<float>.Shared.Rent(rows);
        }
    }
}
