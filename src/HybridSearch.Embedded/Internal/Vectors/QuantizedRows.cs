using System.Runtime.InteropServices;
using HybridSearch.Numerics;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// A segment's rows quantised to int8 (<see cref="Int8Quantization"/>), one scale per row, in native memory aligned for
/// SIMD: a quarter of the float32 bytes, so an int8 scan reads a quarter of the memory. Derived data, built when first
/// needed and never written to disk; freed with its segment.
/// </summary>
internal sealed unsafe class QuantizedRows : IDisposable
{
    private const int RowsPerTask = 4096;

    private readonly int _dimensions;
    private readonly float[] _scales;
    private sbyte* _rows;

    private QuantizedRows(int dimensions, long rows)
    {
        _dimensions = dimensions;
        _scales = new float[checked((int)rows)];
        _rows = (sbyte*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, rows * dimensions), SegmentFile.Alignment);
    }

    /// <summary>Bytes held: the int8 rows and their scales.</summary>
    public long Bytes => ((long)_scales.Length * _dimensions) + ((long)_scales.Length * sizeof(float));

    public static QuantizedRows Create(VectorSegment segment)
    {
        var dimensions = segment.Dimensions;
        var result = new QuantizedRows(dimensions, segment.RowCount);
        var tasks = (int)((segment.RowCount + RowsPerTask - 1) / RowsPerTask);
        Parallel.For(0, tasks, task =>
        {
            var first = (long)task * RowsPerTask;
            var count = (int)Math.Min(RowsPerTask, segment.RowCount - first);
            var source = segment.GetRows(first, count);
            var target = new Span<sbyte>(result._rows + (first * dimensions), count * dimensions);
            for (var r = 0; r < count; r++)
            {
                result._scales[first + r] = Int8Quantization.Quantize(
                    source.Slice(r * dimensions, dimensions), target.Slice(r * dimensions, dimensions));
            }
        });
        return result;
    }

    /// <summary>Int8 rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="count"/>), row-major.</summary>
    public ReadOnlySpan<sbyte> GetRows(long firstRow, int count) => new(_rows + (firstRow * _dimensions), count * _dimensions);

    /// <summary>The scales of the same rows: row value ≈ int8 value × scale.</summary>
    public ReadOnlySpan<float> GetScales(long firstRow, int count) => _scales.AsSpan(checked((int)firstRow), count);

    public void Dispose()
    {
        if (_rows is not null)
        {
            NativeMemory.AlignedFree(_rows);
            _rows = null;
        }
    }
}
