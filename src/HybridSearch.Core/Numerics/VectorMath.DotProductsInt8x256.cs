using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HybridSearch.Numerics;

public static partial class VectorMath
{
    // The 256-bit twin of DotProductsInt8x512 (see there).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotProductsInt8x256(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> rows, int dimensions, int count, Span<int> scores)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var m = ref MemoryMarshal.GetReference(rows);
        var width = Vector256<sbyte>.Count;
        var full = dimensions - (dimensions % width);
        var tailOffset = dimensions - width;

        // The last vector overlaps lanes already summed; zeroing them in the query makes their products zero.
        var tailMask = Vector256.GreaterThanOrEqual(Vector256<sbyte>.Indices, Vector256.Create((sbyte)(width - (dimensions - full))));
        var queryTail = full == dimensions ? Vector256<sbyte>.Zero : Vector256.LoadUnsafe(ref q, (nuint)tailOffset) & tailMask;

        var r = 0;
        for (; r + 4 <= count; r += 4)
        {
            var o0 = (nuint)(r * dimensions);
            var o1 = o0 + (nuint)dimensions;
            var o2 = o1 + (nuint)dimensions;
            var o3 = o2 + (nuint)dimensions;
            var a0 = Vector256<int>.Zero;
            var a1 = Vector256<int>.Zero;
            var a2 = Vector256<int>.Zero;
            var a3 = Vector256<int>.Zero;
            for (var d = 0; d < full; d += width)
            {
                var (qLow, qHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref q, (nuint)d));
                a0 = Accumulate256(a0, Vector256.LoadUnsafe(ref m, o0 + (nuint)d), qLow, qHigh);
                a1 = Accumulate256(a1, Vector256.LoadUnsafe(ref m, o1 + (nuint)d), qLow, qHigh);
                a2 = Accumulate256(a2, Vector256.LoadUnsafe(ref m, o2 + (nuint)d), qLow, qHigh);
                a3 = Accumulate256(a3, Vector256.LoadUnsafe(ref m, o3 + (nuint)d), qLow, qHigh);
            }

            if (full != dimensions)
            {
                var (qLow, qHigh) = Vector256.Widen(queryTail);
                var t = (nuint)tailOffset;
                a0 = Accumulate256(a0, Vector256.LoadUnsafe(ref m, o0 + t), qLow, qHigh);
                a1 = Accumulate256(a1, Vector256.LoadUnsafe(ref m, o1 + t), qLow, qHigh);
                a2 = Accumulate256(a2, Vector256.LoadUnsafe(ref m, o2 + t), qLow, qHigh);
                a3 = Accumulate256(a3, Vector256.LoadUnsafe(ref m, o3 + t), qLow, qHigh);
            }

            scores[r] = Vector256.Sum(a0);
            scores[r + 1] = Vector256.Sum(a1);
            scores[r + 2] = Vector256.Sum(a2);
            scores[r + 3] = Vector256.Sum(a3);
        }

        for (; r < count; r++)
        {
            var o = (nuint)(r * dimensions);
            var a = Vector256<int>.Zero;
            for (var d = 0; d < full; d += width)
            {
                var (qLow, qHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref q, (nuint)d));
                a = Accumulate256(a, Vector256.LoadUnsafe(ref m, o + (nuint)d), qLow, qHigh);
            }

            if (full != dimensions)
            {
                var (qLow, qHigh) = Vector256.Widen(queryTail);
                a = Accumulate256(a, Vector256.LoadUnsafe(ref m, o + (nuint)tailOffset), qLow, qHigh);
            }

            scores[r] = Vector256.Sum(a);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Accumulate256(Vector256<int> sum, Vector256<sbyte> row, Vector256<short> qLow, Vector256<short> qHigh)
    {
        var (rLow, rHigh) = Vector256.Widen(row);
        var (p0, p1) = Vector256.Widen(rLow * qLow);
        var (p2, p3) = Vector256.Widen(rHigh * qHigh);
        return sum + ((p0 + p1) + (p2 + p3));
    }
}
