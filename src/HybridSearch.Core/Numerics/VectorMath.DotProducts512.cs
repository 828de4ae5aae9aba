using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HybridSearch.Numerics;

public static partial class VectorMath
{
    // The 512-, 256- and 128-bit kernels are the same algorithm at three widths; ISimdVector is not public, so each width is
    // spelled out. Four rows share every query load (register blocking) and keep four independent FMA chains in flight.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotProducts512(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimensions, int count, Span<float> scores)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var m = ref MemoryMarshal.GetReference(rows);
        var width = Vector512<float>.Count;
        var full = dimensions - (dimensions % width);
        var tailOffset = dimensions - width;

        // The last vector of each row starts at dimensions - width and overlaps lanes already summed; the masked query
        // zeroes those lanes so each element counts once.
        var overlap = width - (dimensions - full);
        var tailMask = Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(overlap)).AsSingle();
        var queryTail = full == dimensions ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref q, (nuint)tailOffset) & tailMask;

        var r = 0;
        for (; r + 4 <= count; r += 4)
        {
            var o0 = (nuint)(r * dimensions);
            var o1 = o0 + (nuint)dimensions;
            var o2 = o1 + (nuint)dimensions;
            var o3 = o2 + (nuint)dimensions;
            var a0 = Vector512<float>.Zero;
            var a1 = Vector512<float>.Zero;
            var a2 = Vector512<float>.Zero;
            var a3 = Vector512<float>.Zero;
            PrefetchRows(ref Unsafe.As<float, byte>(ref m), o0 * sizeof(float), 4 * dimensions * sizeof(float));
            for (var d = 0; d < full; d += width)
            {
                var qv = Vector512.LoadUnsafe(ref q, (nuint)d);
                a0 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o0 + (nuint)d), qv, a0);
                a1 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o1 + (nuint)d), qv, a1);
                a2 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o2 + (nuint)d), qv, a2);
                a3 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o3 + (nuint)d), qv, a3);
            }

            if (full != dimensions)
            {
                var t = (nuint)tailOffset;
                a0 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o0 + t), queryTail, a0);
                a1 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o1 + t), queryTail, a1);
                a2 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o2 + t), queryTail, a2);
                a3 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o3 + t), queryTail, a3);
            }

            scores[r] = Vector512.Sum(a0);
            scores[r + 1] = Vector512.Sum(a1);
            scores[r + 2] = Vector512.Sum(a2);
            scores[r + 3] = Vector512.Sum(a3);
        }

        for (; r < count; r++)
        {
            var o = (nuint)(r * dimensions);
            var a = Vector512<float>.Zero;
            for (var d = 0; d < full; d += width)
            {
                a = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o + (nuint)d), Vector512.LoadUnsafe(ref q, (nuint)d), a);
            }

            if (full != dimensions)
            {
                a = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, o + (nuint)tailOffset), queryTail, a);
            }

            scores[r] = Vector512.Sum(a);
        }
    }
}
