using System.Runtime.InteropServices;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// Rows written since the last commit, held in native memory until the commit writes them to a file. Not a managed
/// array: a bulk load creates one of these (megabytes) per write, and as large-object-heap arrays they set off a full
/// garbage collection every few writes, which cost a quarter of a precomputed-vector load.
/// </summary>
internal sealed unsafe class MemorySegment : VectorSegment
{
    private float* _rows;

    public MemorySegment(int id, int dimensions, string[] ids, int[] rowCounts, long[] firstKeys)
        : base(id, dimensions, ids, rowCounts, firstKeys)
    {
        _rows = (float*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, RowCount * dimensions * sizeof(float)), SegmentFile.Alignment);
    }

    public override bool IsInMemory => true;

    public override ReadOnlySpan<float> GetRows(long firstRow, int count) => new(_rows + (firstRow * Dimensions), count * Dimensions);

    /// <summary>The rows to fill, before the segment is shared with any snapshot.</summary>
    public Span<float> Writable(long firstRow, int count) => new(_rows + (firstRow * Dimensions), count * Dimensions);

    protected override void Free()
    {
        NativeMemory.AlignedFree(_rows);
        _rows = null;
    }
}
