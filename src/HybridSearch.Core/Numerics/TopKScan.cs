using System.Numerics;

namespace HybridSearch.Numerics;

/// <summary>
/// Feeds a span of scores, optionally filtered by a bitmap, into a bounded heap (see <see cref="TopKHeap"/>): entries go
/// one by one until the heap is full, then SIMD threshold scans skip everything that cannot beat the root.
/// </summary>
internal static class TopKScan
{
    // inclusive: false when every index offered is greater than every index in the heap (one pass in index order), so an
    // equal score always loses; true when blocks may arrive in any order.
    public static void OfferAll(
        ReadOnlySpan<float> scores, int firstIndex, Span<float> heapScores, Span<int> heapIndices, ref int count, bool inclusive)
    {
        var i = 0;
        for (; i < scores.Length && count < heapScores.Length; i++)
        {
            if (!float.IsNaN(scores[i]))
            {
                TopKHeap.Offer(heapScores, heapIndices, ref count, scores[i], firstIndex + i);
            }
        }

        if (count < heapScores.Length)
        {
            return;
        }

        while ((i = ThresholdScan.IndexOfContender(scores, i, heapScores[0], inclusive)) < scores.Length)
        {
            TopKHeap.Offer(heapScores, heapIndices, ref count, scores[i], firstIndex + i);
            i++;
        }
    }

    // As OfferAll, over the entries whose bit is set in allowed (bit i % 64 of word i / 64).
    public static void OfferAllowed(
        ReadOnlySpan<float> scores,
        int firstIndex,
        ReadOnlySpan<ulong> allowed,
        Span<float> heapScores,
        Span<int> heapIndices,
        ref int count,
        bool inclusive)
    {
        var words = (scores.Length + 63) >> 6;
        for (var w = 0; w < words; w++)
        {
            var bits = allowed[w];
            if (bits == 0)
            {
                continue;
            }

            var start = w << 6;
            if (count == heapScores.Length)
            {
                // Full: only allowed entries that beat the root (as of this word) need a look; Offer re-checks each.
                bits &= ThresholdScan.ContenderMask(scores, start, heapScores[0], inclusive);
            }

            while (bits != 0)
            {
                var i = start + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (i >= scores.Length)
                {
                    break;
                }

                if (!float.IsNaN(scores[i]))
                {
                    TopKHeap.Offer(heapScores, heapIndices, ref count, scores[i], firstIndex + i);
                }
            }
        }
    }
}
