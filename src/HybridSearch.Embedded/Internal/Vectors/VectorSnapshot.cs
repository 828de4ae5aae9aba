namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// The vector side of one point-in-time view of the index: segments in ascending key order, each with its deletions.
/// Holds a reference on every segment until <see cref="Release"/>.
/// </summary>
internal sealed class VectorSnapshot
{
    public VectorSnapshot(SegmentView[] segments, int dimensions)
    {
        Segments = segments;
        Dimensions = dimensions;
        foreach (var view in segments)
        {
            view.Segment.AddReference();
            Documents += view.LiveDocuments;
            Rows += view.LiveRows;
        }
    }

    public SegmentView[] Segments { get; }

    public int Dimensions { get; }

    public long Documents { get; }

    public long Rows { get; }

    /// <summary>Finds the live document that owns the row with <paramref name="key"/>.</summary>
    public bool TryLocate(long key, out SegmentView view, out int ordinal, out int passage)
    {
        // Segments cover disjoint, ascending key ranges: the owner is the last segment starting at or before the key.
        var low = 0;
        var high = Segments.Length - 1;
        var found = -1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (Segments[middle].Segment.FirstKeys[0] <= key)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        view = found >= 0 ? Segments[found] : null!;
        passage = -1;
        ordinal = -1;
        return found >= 0 && view.Segment.TryFindKey(key, out ordinal, out passage) && view.IsLive(ordinal);
    }

    public void Release()
    {
        foreach (var view in Segments)
        {
            view.Segment.Release();
        }
    }
}
