namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>Rows written since the last commit, held in one managed array until the commit writes them to a file.</summary>
internal sealed class MemorySegment(int id, int dimensions, string[] ids, int[] rowCounts, long[] firstKeys, float[] rows)
    : VectorSegment(id, dimensions, ids, rowCounts, firstKeys)
{
    public override bool IsInMemory => true;

    public override ReadOnlySpan<float> GetRows(long firstRow, int count) =>
        rows.AsSpan(checked((int)(firstRow * Dimensions)), count * Dimensions);

    protected override void Free()
    {
        // Managed memory: the garbage collector frees it.
    }
}
