namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// The scans' shared walk over a segment: runs of whole documents whose rows fit a score buffer, so one kernel call scores
/// many documents, and the pick of each document's best passage from its rows' scores.
/// </summary>
internal static class DocumentRuns
{
    /// <summary>
    /// The end (exclusive) of the run that starts at document <paramref name="first"/>: as many documents as fit
    /// <paramref name="maxRows"/> rows, and at least one however long.
    /// </summary>
    public static int End(VectorSegment segment, int first, int maxRows)
    {
        var next = first;
        long rows = 0;
        while (next < segment.DocumentCount && (next == first || rows + segment.RowsOf(next) <= maxRows))
        {
            rows += segment.RowsOf(next);
            next++;
        }

        return next;
    }

    /// <summary>The index of the highest score; the first of equals.</summary>
    public static int Best(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var p = 1; p < scores.Length; p++)
        {
            if (scores[p] > scores[best])
            {
                best = p;
            }
        }

        return best;
    }

    /// <summary>
    /// Offers to <paramref name="top"/> each live (and allowed) document of the run starting at document
    /// <paramref name="first"/> with its best passage, from <paramref name="scores"/> (one per row of the run). Rows below the
    /// top's threshold are passed over with one comparison each; only a row that could enter locates its document.
    /// </summary>
    public static void OfferBest(SegmentView view, int first, ReadOnlySpan<float> scores, AllowedDocuments? allowed, TopHits top)
    {
        var segment = view.Segment;
        var firstRow = segment.RowStarts[first];
        var threshold = top.Threshold;
        var d = first;
        for (var row = 0; row < scores.Length; row++)
        {
            if (scores[row] < threshold)
            {
                continue;
            }

            while (segment.RowStarts[d + 1] - firstRow <= row)
            {
                d++;
            }

            var start = (int)(segment.RowStarts[d] - firstRow);
            var passages = scores.Slice(start, segment.RowsOf(d));
            row = start + passages.Length - 1;
            if (!view.IsLive(d) || (allowed is not null && !allowed.Contains(segment, d)))
            {
                continue;
            }

            var best = Best(passages);
            top.Offer(new VectorHit(view, d, best, passages[best]));
            threshold = top.Threshold;
        }
    }

    /// <summary>Grows a pooled buffer to at least <paramref name="length"/> values.</summary>
    public static void EnsureCapacity<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            System.Buffers.ArrayPool<T>.Shared.Return(buffer);
            buffer = System.Buffers.ArrayPool<T>.Shared.Rent(length);
        }
    }
}
