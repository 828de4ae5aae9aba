namespace HybridSearch.Numerics;

/// <summary>
/// A bounded binary min-heap of (score, index) pairs whose root is the worst entry kept: lowest score, and among equal
/// scores the highest index. Storage belongs to the caller, so selection allocates nothing per item.
/// </summary>
internal static class TopKHeap
{
    /// <summary>True when (score a, index a) ranks below (score b, index b): lower score, or equal score and higher index.</summary>
    public static bool IsWorse(float scoreA, int indexA, float scoreB, int indexB) =>
        scoreA < scoreB || (scoreA == scoreB && indexA > indexB);

    /// <summary>Offers one entry to a heap holding <paramref name="count"/> of at most <c>scores.Length</c> entries.</summary>
    public static void Offer(Span<float> scores, Span<int> indices, ref int count, float score, int index)
    {
        if (count < scores.Length)
        {
            SiftUp(scores, indices, count, score, index);
            count++;
        }
        else if (IsWorse(scores[0], indices[0], score, index))
        {
            SiftDown(scores, indices, count, 0, score, index);
        }
    }

    /// <summary>Sorts the heap's <paramref name="count"/> entries in place, best first; the heap is spent afterwards.</summary>
    public static void SortDescending(Span<float> scores, Span<int> indices, int count)
    {
        // Heap sort: moving the worst entry to the end each time leaves the best at the front.
        for (var end = count - 1; end > 0; end--)
        {
            var lastScore = scores[end];
            var lastIndex = indices[end];
            scores[end] = scores[0];
            indices[end] = indices[0];
            SiftDown(scores, indices, end, 0, lastScore, lastIndex);
        }
    }

    private static void SiftUp(Span<float> scores, Span<int> indices, int position, float score, int index)
    {
        while (position > 0)
        {
            var parent = (position - 1) >> 1;
            if (!IsWorse(score, index, scores[parent], indices[parent]))
            {
                break;
            }

            scores[position] = scores[parent];
            indices[position] = indices[parent];
            position = parent;
        }

        scores[position] = score;
        indices[position] = index;
    }

    private static void SiftDown(Span<float> scores, Span<int> indices, int count, int position, float score, int index)
    {
        while (true)
        {
            var child = (2 * position) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && IsWorse(scores[child + 1], indices[child + 1], scores[child], indices[child]))
            {
                child++;
            }

            if (!IsWorse(scores[child], indices[child], score, index))
            {
                break;
            }

            scores[position] = scores[child];
            indices[position] = indices[child];
            position = child;
        }

        scores[position] = score;
        indices[position] = index;
    }
}
