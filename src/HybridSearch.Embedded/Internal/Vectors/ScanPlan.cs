namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>A range of documents [<see cref="First"/>, <see cref="End"/>) of one segment, scanned by one thread.</summary>
internal readonly record struct ScanRange(SegmentView View, int First, int End);

/// <summary>
/// Spreads a brute-force scan over threads: a scan of a large index is bound by memory bandwidth, which one core cannot use
/// up, so the rows are cut into ranges of about equal size, each thread keeps its own best hits, and those are merged.
/// Small indexes are scanned on the calling thread, where starting threads would cost more than it saves.
/// </summary>
internal static class ScanPlan
{
    /// <summary>Below this many live rows a scan stays on one thread.</summary>
    public const long ParallelRows = 131_072;

    private const int RangesPerThread = 4;

    /// <summary>Runs <paramref name="scan"/> over every live document of the snapshot; returns the best <paramref name="k"/>.</summary>
    public static TopHits Run(VectorSnapshot snapshot, int k, int threads, Action<ScanRange, TopHits> scan)
    {
        var top = new TopHits(k);
        if (threads <= 1 || snapshot.Rows < ParallelRows)
        {
            foreach (var view in snapshot.Segments)
            {
                if (view.LiveDocuments > 0)
                {
                    scan(new ScanRange(view, 0, view.Segment.DocumentCount), top);
                }
            }

            return top;
        }

        var ranges = Split(snapshot, threads * RangesPerThread);
        var gate = new Lock();
        Parallel.ForEach(
            ranges,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new TopHits(k),
            (range, _, local) =>
            {
                scan(range, local);
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    top.OfferAll(local);
                }
            });
        return top;
    }

    private static List<ScanRange> Split(VectorSnapshot snapshot, int parts)
    {
        var target = Math.Max(1, snapshot.Rows / parts);
        var ranges = new List<ScanRange>();
        foreach (var view in snapshot.Segments)
        {
            if (view.LiveDocuments == 0)
            {
                continue;
            }

            var segment = view.Segment;
            var first = 0;
            while (first < segment.DocumentCount)
            {
                // Whole documents, about `target` rows: binary search for the document where the range's rows run out.
                var limit = segment.RowStarts[first] + target;
                var end = Array.BinarySearch(segment.RowStarts, first + 1, segment.DocumentCount - first, limit);
                end = Math.Clamp(end >= 0 ? end : ~end, first + 1, segment.DocumentCount);
                ranges.Add(new ScanRange(view, first, end));
                first = end;
            }
        }

        return ranges;
    }
}
