using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HybridSearch.Numerics;

/// <summary>
/// The SIMD half of top-k selection: once the heap is full almost every score loses to its root, so whole vectors are
/// compared against the root's score and only a vector holding a contender is looked at element by element.
/// NaN compares false, so NaN scores are never found.
/// </summary>
internal static class ThresholdScan
{
    /// <summary>
    /// Index of the first score at or after <paramref name="start"/> that is greater than <paramref name="threshold"/>
    /// (or equal to it, when <paramref name="inclusive"/>); <c>scores.Length</c> when there is none.
    /// </summary>
    public static int IndexOfContender(ReadOnlySpan<float> scores, int start, float threshold, bool inclusive)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return Scan512(scores, start, threshold, inclusive);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return Scan256(scores, start, threshold, inclusive);
        }

        return Vector128.IsHardwareAccelerated ? Scan128(scores, start, threshold, inclusive) : ScanScalar(scores, start, threshold, inclusive);
    }

    // One width per method so that tests can run each (the JIT emulates a width the hardware lacks).
    internal static int Scan512(ReadOnlySpan<float> scores, int start, float threshold, bool inclusive)
    {
        ref var origin = ref MemoryMarshal.GetReference(scores);
        var t = Vector512.Create(threshold);
        var i = start;
        for (; i <= scores.Length - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            var v = Vector512.LoadUnsafe(ref origin, (nuint)i);
            var mask = (inclusive ? Vector512.GreaterThanOrEqual(v, t) : Vector512.GreaterThan(v, t)).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return i + BitOperations.TrailingZeroCount(mask);
            }
        }

        return ScanScalar(scores, i, threshold, inclusive);
    }

    internal static int Scan256(ReadOnlySpan<float> scores, int start, float threshold, bool inclusive)
    {
        ref var origin = ref MemoryMarshal.GetReference(scores);
        var t = Vector256.Create(threshold);
        var i = start;
        for (; i <= scores.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var v = Vector256.LoadUnsafe(ref origin, (nuint)i);
            var mask = (inclusive ? Vector256.GreaterThanOrEqual(v, t) : Vector256.GreaterThan(v, t)).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return i + BitOperations.TrailingZeroCount(mask);
            }
        }

        return ScanScalar(scores, i, threshold, inclusive);
    }

    internal static int Scan128(ReadOnlySpan<float> scores, int start, float threshold, bool inclusive)
    {
        ref var origin = ref MemoryMarshal.GetReference(scores);
        var t = Vector128.Create(threshold);
        var i = start;
        for (; i <= scores.Length - Vector128<float>.Count; i += Vector128<float>.Count)
        {
            var v = Vector128.LoadUnsafe(ref origin, (nuint)i);
            var mask = (inclusive ? Vector128.GreaterThanOrEqual(v, t) : Vector128.GreaterThan(v, t)).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return i + BitOperations.TrailingZeroCount(mask);
            }
        }

        return ScanScalar(scores, i, threshold, inclusive);
    }

    /// <summary>
    /// Bit <c>j</c> set when score <c>start + j</c> (j &lt; 64, up to the end of <paramref name="scores"/>) beats
    /// <paramref name="threshold"/> (or equals it, when <paramref name="inclusive"/>).
    /// </summary>
    public static ulong ContenderMask(ReadOnlySpan<float> scores, int start, float threshold, bool inclusive)
    {
        if (scores.Length - start < 64)
        {
            return ContenderMaskScalar(scores, start, threshold, inclusive);
        }

        ref var origin = ref MemoryMarshal.GetReference(scores);
        ulong mask = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var t = Vector512.Create(threshold);
            for (var j = 0; j < 64; j += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref origin, (nuint)(start + j));
                mask |= (inclusive ? Vector512.GreaterThanOrEqual(v, t) : Vector512.GreaterThan(v, t)).ExtractMostSignificantBits() << j;
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(threshold);
            for (var j = 0; j < 64; j += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref origin, (nuint)(start + j));
                mask |= (ulong)(inclusive ? Vector256.GreaterThanOrEqual(v, t) : Vector256.GreaterThan(v, t)).ExtractMostSignificantBits() << j;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var t = Vector128.Create(threshold);
            for (var j = 0; j < 64; j += Vector128<float>.Count)
            {
                var v = Vector128.LoadUnsafe(ref origin, (nuint)(start + j));
                mask |= (ulong)(inclusive ? Vector128.GreaterThanOrEqual(v, t) : Vector128.GreaterThan(v, t)).ExtractMostSignificantBits() << j;
            }
        }
        else
        {
            return ContenderMaskScalar(scores, start, threshold, inclusive);
        }

        return mask;
    }

    internal static ulong ContenderMaskScalar(ReadOnlySpan<float> scores, int start, float threshold, bool inclusive)
    {
        ulong mask = 0;
        var end = Math.Min(scores.Length, start + 64);
        for (var i = start; i < end; i++)
        {
            if (scores[i] > threshold || (inclusive && scores[i] == threshold))
            {
                mask |= 1UL << (i - start);
            }
        }

        return mask;
    }

    internal static int ScanScalar(ReadOnlySpan<float> scores, int start, float threshold, bool inclusive)
    {
        for (var i = start; i < scores.Length; i++)
        {
            if (scores[i] > threshold || (inclusive && scores[i] == threshold))
            {
                return i;
            }
        }

        return scores.Length;
    }
}
