using System.Buffers;

namespace HybridSearch.Numerics;

/// <summary>
/// Selects the indices of the <c>k</c> highest scores with a bounded min-heap: O(n log k), no allocation for k ≤ 256; once
/// the heap is full, SIMD compares whole vectors of scores against its root so that losers cost a comparison each.
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
            // One pass in index order: an equal score never displaces the root, whose index is lower.
            var count = 0;
            if (filtered)
            {
                TopKScan.OfferAllowed(scores, 0, allowed, heapScores, heapIndices, ref count, inclusive: false);
            }
            else
            {
                TopKScan.OfferAll(scores, 0, heapScores, heapIndices, ref count, inclusive: false);
            }

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
}
