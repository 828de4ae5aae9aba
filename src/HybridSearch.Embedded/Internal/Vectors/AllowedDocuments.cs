namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>The documents of one snapshot that pass a metadata filter, as a bitmap per segment.</summary>
internal sealed class AllowedDocuments
{
    private readonly Dictionary<VectorSegment, ulong[]> _bits = [];

    public int Documents { get; private set; }

    public long Rows { get; private set; }

    public void Add(SegmentView view, int ordinal)
    {
        if (!_bits.TryGetValue(view.Segment, out var bits))
        {
            bits = new ulong[(view.Segment.DocumentCount + 63) >> 6];
            _bits.Add(view.Segment, bits);
        }

        ref var word = ref bits[ordinal >> 6];
        var mask = 1UL << ordinal;
        if ((word & mask) == 0)
        {
            word |= mask;
            Documents++;
            Rows += view.Segment.RowsOf(ordinal);
        }
    }

    public bool Contains(VectorSegment segment, int ordinal) =>
        _bits.TryGetValue(segment, out var bits) && (bits[ordinal >> 6] & (1UL << ordinal)) != 0;

    /// <summary>The allowed ordinals of <paramref name="segment"/>, ascending.</summary>
    public IEnumerable<int> Ordinals(VectorSegment segment)
    {
        if (!_bits.TryGetValue(segment, out var bits))
        {
            yield break;
        }

        for (var w = 0; w < bits.Length; w++)
        {
            var word = bits[w];
            while (word != 0)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(word);
                yield return (w << 6) + bit;
                word &= word - 1;
            }
        }
    }
}
