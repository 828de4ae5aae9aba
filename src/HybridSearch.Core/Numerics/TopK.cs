using System.Buffers;

namespace HybridSearch.Numerics;

/// <summary>
/// Selects the indices of the <c>k</c> highest scores with a bounded min-heap: O(n log k), no allocation for k ≤ 256.
/// Order is by descending score, ties broken by lower index first, so results are deterministic. NaN scores are never
/// selected. For scores that arrive in blocks, use <see cref="TopKSelector"/>.
/// </summary>
public static class TopK
{
    private const int StackLimit = 256;

    /// <summary>
    /// Writes the indices of the best <paramref name="k"/> of <paramref name="scores"/> into <paramref name="indices"/>, best
    /// first, and returns how many were written: <c>min(k, number of non-NaN scores)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="indices"/> is shorter than <c>min(k, scores.Length)</c>.</exception>
    public static int Select(ReadOnlySpan<float> scores, int k, Span<int> indices) =>
        Select(scores, k, indices, default, filtered: false);

    /// <summary>
    /// As <see cref="Select(ReadOnlySpan{float}, int, Span{int})"/>, over only the scores whose bit is set in
    /// <paramref name="allowed"/> (bit <c>i % 64</c> of word <c>i / 64</c> for score <c>i</c>): the filter applies before
    /// ranking, so up to <paramref name="k"/> allowed entries come back however few of the best scores are allowed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="allowed"/> has fewer than one bit per score.</exception>
    public static int Select(ReadOnlySpan<float> scores, int k, Span<int> indices, ReadOnlySpan<ulong> allowed) =>
        Select(scores, k, indices, allowed, filtered: true);

    private static int Select(ReadOnlySpan<float> scores, int k, Span<int> indices, ReadOnlySpan<ulong> allowed, bool filtered)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var capacity = Math.Min(k, scores.Length);
        if (indices.Length < capacity)
        {
            throw new ArgumentException($"The indices span holds {indices.Length} entries; {capacity} are needed.", nameof(indices));
        }

        if (filtered && (long)allowed.Length * 64 < scores.Length)
        {
            throw new ArgumentException(
                $"The filter bitmap has {allowed.Length} words ({allowed.Length * 64L} bits) for {scores.Length} scores.", nameof(allowed));
        }

        if (capacity == 0)
        {
            return 0;
        }

        float[]? rented = null;
        var heapScores = capacity <= StackLimit ? stackalloc float[capacity] : (rented = ArrayPool<float>.Shared.Rent(capacity));
        heapScores = heapScores[..capacity];
        var heapIndices = indices[..capacity];
        try
        {
            var count = filtered ? FillFiltered(scores, allowed, heapScores, heapIndices) : Fill(scores, heapScores, heapIndices);
            TopKHeap.SortDescending(heapScores, heapIndices, count);
            return count;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private static int Fill(ReadOnlySpan<float> scores, Span<float> heapScores, Span<int> heapIndices)
    {
        var count = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var score = scores[i];
            // Indices arrive in increasing order, so once the heap is full an equal score loses the tie to the root.
            if (!float.IsNaN(score) && (count < heapScores.Length || score > heapScores[0]))
            {
                TopKHeap.Offer(heapScores, heapIndices, ref count, score, i);
            }
        }

        return count;
    }

    private static int FillFiltered(ReadOnlySpan<float> scores, ReadOnlySpan<ulong> allowed, Span<float> heapScores, Span<int> heapIndices)
    {
        var count = 0;
        var words = (scores.Length + 63) >> 6;
        for (var w = 0; w < words; w++)
        {
            var bits = allowed[w];
            while (bits != 0)
            {
                var i = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (i >= scores.Length)
                {
                    break;
                }

                var score = scores[i];
                if (!float.IsNaN(score) && (count < heapScores.Length || score > heapScores[0]))
                {
                    TopKHeap.Offer(heapScores, heapIndices, ref count, score, i);
                }
            }
        }

        return count;
    }
}
