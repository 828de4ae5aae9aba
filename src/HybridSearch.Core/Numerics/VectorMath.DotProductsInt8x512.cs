using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HybridSearch.Numerics;

public static partial class VectorMath
{
    // Int8 rows at three widths, as the float kernels: four rows share each query load. Bytes widen to int16, whose products
    // (|p| ≤ 16,384) are exact, then to int32 for the sums. Requires dimensions ≥ the vector's byte count.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotProductsInt8x512(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> rows, int dimensions, int count, Span<int> scores)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var m = ref MemoryMarshal.GetReference(rows);
        var width = Vector512<sbyte>.Count;
        var full = dimensions - (dimensions % width);
        var tailOffset = dimensions - width;

        // The last vector overlaps lanes already summed; zeroing them in the query makes their products zero.
        var tailMask = Vector512.GreaterThanOrEqual(Vector512<sbyte>.Indices, Vector512.Create((sbyte)(width - (dimensions - full))));
        var queryTail = full == dimensions ? Vector512<sbyte>.Zero : Vector512.LoadUnsafe(ref q, (nuint)tailOffset) & tailMask;

        var r = 0;
        for (; r + 4 <= count; r += 4)
        {
            var o0 = (nuint)(r * dimensions);
            var o1 = o0 + (nuint)dimensions;
            var o2 = o1 + (nuint)dimensions;
            var o3 = o2 + (nuint)dimensions;
            var a0 = Vector512<int>.Zero;
            var a1 = Vector512<int>.Zero;
            var a2 = Vector512<int>.Zero;
            var a3 = Vector512<int>.Zero;
            for (var d = 0; d < full; d += width)
            {
                var (qLow, qHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref q, (nuint)d));
                a0 = Accumulate512(a0, Vector512.LoadUnsafe(ref m, o0 + (nuint)d), qLow, qHigh);
                a1 = Accumulate512(a1, Vector512.LoadUnsafe(ref m, o1 + (nuint)d), qLow, qHigh);
                a2 = Accumulate512(a2, Vector512.LoadUnsafe(ref m, o2 + (nuint)d), qLow, qHigh);
                a3 = Accumulate512(a3, Vector512.LoadUnsafe(ref m, o3 + (nuint)d), qLow, qHigh);
            }

            if (full != dimensions)
            {
                var (qLow, qHigh) = Vector512.Widen(queryTail);
                var t = (nuint)tailOffset;
                a0 = Accumulate512(a0, Vector512.LoadUnsafe(ref m, o0 + t), qLow, qHigh);
                a1 = Accumulate512(a1, Vector512.LoadUnsafe(ref m, o1 + t), qLow, qHigh);
                a2 = Accumulate512(a2, Vector512.LoadUnsafe(ref m, o2 + t), qLow, qHigh);
                a3 = Accumulate512(a3, Vector512.LoadUnsafe(ref m, o3 + t), qLow, qHigh);
            }

            scores[r] = Vector512.Sum(a0);
            scores[r + 1] = Vector512.Sum(a1);
            scores[r + 2] = Vector512.Sum(a2);
            scores[r + 3] = Vector512.Sum(a3);
        }

        for (; r < count; r++)
        {
            var o = (nuint)(r * dimensions);
            var a = Vector512<int>.Zero;
            for (var d = 0; d < full; d += width)
            {
                var (qLow, qHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref q, (nuint)d));
                a = Accumulate512(a, Vector512.LoadUnsafe(ref m, o + (nuint)d), qLow, qHigh);
            }

            if (full != dimensions)
            {
                var (qLow, qHigh) = Vector512.Widen(queryTail);
                a = Accumulate512(a, Vector512.LoadUnsafe(ref m, o + (nuint)tailOffset), qLow, qHigh);
            }

            scores[r] = Vector512.Sum(a);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Accumulate512(Vector512<int> sum, Vector512<sbyte> row, Vector512<short> qLow, Vector512<short> qHigh)
    {
        var (rLow, rHigh) = Vector512.Widen(row);
        var (p0, p1) = Vector512.Widen(rLow * qLow);
        var (p2, p3) = Vector512.Widen(rHigh * qHigh);
        return sum + ((p0 + p1) + (p2 + p3));
    }
}
