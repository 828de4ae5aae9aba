namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// A segment together with the documents deleted from it as of one snapshot. Immutable: a deletion creates a new view
/// with a copied bitmap, so readers holding the old view keep seeing the old state.
/// </summary>
internal sealed class SegmentView
{
    private readonly ulong[]? _deleted;

    public SegmentView(VectorSegment segment, ulong[]? deleted = null, int deletedDocuments = 0, long deletedRows = 0)
    {
        Segment = segment;
        _deleted = deleted;
        DeletedDocuments = deletedDocuments;
        DeletedRows = deletedRows;
    }

    public VectorSegment Segment { get; }

    public int DeletedDocuments { get; }

    public long DeletedRows { get; }

    public int LiveDocuments => Segment.DocumentCount - DeletedDocuments;

    public long LiveRows => Segment.RowCount - DeletedRows;

    public bool IsLive(int ordinal) => _deleted is null || (_deleted[ordinal >> 6] & (1UL << ordinal)) == 0;

    /// <summary>A view with <paramref name="ordinals"/> deleted as well.</summary>
    public SegmentView WithDeleted(IEnumerable<int> ordinals)
    {
        var bits = _deleted is null ? new ulong[(Segment.DocumentCount + 63) >> 6] : (ulong[])_deleted.Clone();
        var documents = DeletedDocuments;
        var rows = DeletedRows;
        foreach (var ordinal in ordinals)
        {
            ref var word = ref bits[ordinal >> 6];
            var mask = 1UL << ordinal;
            if ((word & mask) == 0)
            {
                word |= mask;
                documents++;
                rows += Segment.RowsOf(ordinal);
            }
        }

        return new SegmentView(Segment, bits, documents, rows);
    }

    /// <summary>Ordinals of deleted documents, for the manifest.</summary>
    public int[] DeletedOrdinals()
    {
        var result = new int[DeletedDocuments];
        var next = 0;
        for (var d = 0; d < Segment.DocumentCount && next < result.Length; d++)
        {
            if (!IsLive(d))
            {
                result[next++] = d;
            }
        }

        return result;
    }
}
