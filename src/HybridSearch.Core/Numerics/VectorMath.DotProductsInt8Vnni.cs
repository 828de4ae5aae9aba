using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HybridSearch.Numerics;

public static partial class VectorMath
{
    // AVX-VNNI (vpdpbusd): four unsigned × signed byte products summed into each int32 lane in one instruction, where the
    // widening kernels spend about eight. It multiplies unsigned by signed bytes, so each row byte r is read as r + 128
    // (flipping its sign bit) and the sum corrected by 128 × Σ query, which keeps the result exact for every input:
    // (r + 128) ≤ 255 and |q| ≤ 128, so four products never overflow a lane. Four rows share each query load.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotProductsInt8Vnni256(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> rows, int dimensions, int count, Span<int> scores)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var m = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(rows));
        var width = Vector256<byte>.Count;
        var full = dimensions - (dimensions % width);
        var tailOffset = dimensions - width;
        var flip = Vector256.Create((byte)0x80);

        // The last vector overlaps lanes already summed; zeroing them in the query makes their products zero.
        var tailMask = Vector256.GreaterThanOrEqual(Vector256<sbyte>.Indices, Vector256.Create((sbyte)(width - (dimensions - full))));
        var queryTail = full == dimensions ? Vector256<sbyte>.Zero : Vector256.LoadUnsafe(ref q, (nuint)tailOffset) & tailMask;
        var bias = 0;
        for (var d = 0; d < dimensions; d++)
        {
            bias += Unsafe.Add(ref q, d);
        }

        bias *= 128;
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
            PrefetchRows(ref m, o0, 4 * dimensions);

            var d = 0;

            // Four vectors per row per step: two cache lines of each of the four rows, which keeps enough loads in flight for
            // the scan to run near memory speed rather than wait on each line.
            for (; d + (4 * width) <= full; d += 4 * width)
            {
                for (var u = 0; u < 4; u++)
                {
                    var e = (nuint)(d + (u * width));
                    var qv = Vector256.LoadUnsafe(ref q, e);
                    a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.LoadUnsafe(ref m, o0 + e) ^ flip, qv);
                    a1 = AvxVnni.MultiplyWideningAndAdd(a1, Vector256.LoadUnsafe(ref m, o1 + e) ^ flip, qv);
                    a2 = AvxVnni.MultiplyWideningAndAdd(a2, Vector256.LoadUnsafe(ref m, o2 + e) ^ flip, qv);
                    a3 = AvxVnni.MultiplyWideningAndAdd(a3, Vector256.LoadUnsafe(ref m, o3 + e) ^ flip, qv);
                }
            }

            for (; d < full; d += width)
            {
                var qv = Vector256.LoadUnsafe(ref q, (nuint)d);
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.LoadUnsafe(ref m, o0 + (nuint)d) ^ flip, qv);
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, Vector256.LoadUnsafe(ref m, o1 + (nuint)d) ^ flip, qv);
                a2 = AvxVnni.MultiplyWideningAndAdd(a2, Vector256.LoadUnsafe(ref m, o2 + (nuint)d) ^ flip, qv);
                a3 = AvxVnni.MultiplyWideningAndAdd(a3, Vector256.LoadUnsafe(ref m, o3 + (nuint)d) ^ flip, qv);
            }

            if (full != dimensions)
            {
                var t = (nuint)tailOffset;
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.LoadUnsafe(ref m, o0 + t) ^ flip, queryTail);
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, Vector256.LoadUnsafe(ref m, o1 + t) ^ flip, queryTail);
                a2 = AvxVnni.MultiplyWideningAndAdd(a2, Vector256.LoadUnsafe(ref m, o2 + t) ^ flip, queryTail);
                a3 = AvxVnni.MultiplyWideningAndAdd(a3, Vector256.LoadUnsafe(ref m, o3 + t) ^ flip, queryTail);
            }

            scores[r] = Vector256.Sum(a0) - bias;
            scores[r + 1] = Vector256.Sum(a1) - bias;
            scores[r + 2] = Vector256.Sum(a2) - bias;
            scores[r + 3] = Vector256.Sum(a3) - bias;
        }

        for (; r < count; r++)
        {
            var o = (nuint)(r * dimensions);
            var a = Vector256<int>.Zero;
            for (var d = 0; d < full; d += width)
            {
                a = AvxVnni.MultiplyWideningAndAdd(a, Vector256.LoadUnsafe(ref m, o + (nuint)d) ^ flip, Vector256.LoadUnsafe(ref q, (nuint)d));
            }

            if (full != dimensions)
            {
                a = AvxVnni.MultiplyWideningAndAdd(a, Vector256.LoadUnsafe(ref m, o + (nuint)tailOffset) ^ flip, queryTail);
            }

            scores[r] = Vector256.Sum(a) - bias;
        }
    }
}
