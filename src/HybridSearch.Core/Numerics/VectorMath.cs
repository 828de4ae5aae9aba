using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace HybridSearch.Numerics;

/// <summary>
/// SIMD kernels that <see cref="System.Numerics.Tensors.TensorPrimitives"/> has no operation for: one query against many
/// contiguous rows. Each operation lives in its own partial file and runs on the widest of Vector512, Vector256 and
/// Vector128 that the hardware accelerates, with a scalar fallback.
/// </summary>
/// <remarks>
/// "Exact" here means brute force over float32: every row is scored, products are float32, and only the order of
/// accumulation (lanes, fused multiply-add) may differ from a scalar loop, by a few units in the last place.
/// </remarks>
public static partial class VectorMath
{
    // Rows are prefetched this many bytes ahead of the block being scored: the hardware prefetcher alone left the int8 scan
    // of a matrix larger than the caches at about 70% of memory bandwidth, the prefetched scan above 80%.
    private const int PrefetchDistance = 8192;

    /// <summary>
    /// Asks for the cache lines of a block of <paramref name="bytes"/> starting <see cref="PrefetchDistance"/> bytes after
    /// byte <paramref name="offset"/> of <paramref name="rows"/>. A prefetch is only a hint: an address past the end of
    /// the rows (or into an array the GC has since moved) never faults, so the pointer need not be pinned or in bounds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchRows(ref byte rows, nuint offset, int bytes)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var ahead = (byte*)Unsafe.AsPointer(ref rows) + offset + PrefetchDistance;
        for (var line = 0; line < bytes; line += 64)
        {
            Sse.Prefetch0(ahead + line);
        }
    }
}
