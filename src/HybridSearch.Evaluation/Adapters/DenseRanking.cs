using System.Numerics.Tensors;

namespace HybridSearch.Adapters;

/// <summary>
/// Exact dense retrieval over the training set's document matrix (brute force over float32) and nDCG@10, for mining hard
/// negatives and early stopping. Ties rank the lower document index first, so results are reproducible.
/// </summary>
internal static class DenseRanking
{
    /// <summary>Dot product of <paramref name="query"/> with every row of <paramref name="documents"/>.</summary>
    public static void Score(ReadOnlySpan<float> query, ReadOnlySpan<float> documents, Span<float> scores)
    {
        var d = query.Length;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = TensorPrimitives.Dot(query, documents.Slice(i * d, d));
        }
    }

    /// <summary>Indices of the <paramref name="k"/> highest scores, best first, skipping those <paramref name="skip"/> rejects.</summary>
    public static int[] Top(ReadOnlySpan<float> scores, int k, Func<int, bool>? skip = null)
    {
        k = Math.Min(k, scores.Length);
        if (k <= 0)
        {
            return [];
        }

        // Min-heap of the best k so far; the root is the weakest kept (lowest score, then highest index).
        var heap = new int[k];
        var size = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (skip is not null && skip(i))
            {
                continue;
            }

            if (size < k)
            {
                heap[size] = i;
                SiftUp(heap, size++, scores);
            }
            else if (Better(i, heap[0], scores))
            {
                heap[0] = i;
                SiftDown(heap, size, scores);
            }
        }

        // Popping the weakest each time fills the ranking from its end.
        var result = new int[size];
        for (var last = size - 1; last >= 0; last--)
        {
            result[last] = heap[0];
            heap[0] = heap[last];
            SiftDown(heap, last, scores);
        }

        return result;
    }

    /// <summary>nDCG@10 with linear gains (as trec_eval and BEIR compute it) of a ranking against graded judgements.</summary>
    public static double NdcgAt10(ReadOnlySpan<int> ranking, int[] relevant, int[] grades)
    {
        const int Cutoff = 10;
        var dcg = 0.0;
        for (var rank = 0; rank < Math.Min(Cutoff, ranking.Length); rank++)
        {
            var at = Array.BinarySearch(relevant, ranking[rank]);
            if (at >= 0)
            {
                dcg += grades[at] / Math.Log2(rank + 2);
            }
        }

        var ideal = (int[])grades.Clone();
        Array.Sort(ideal);
        var idcg = 0.0;
        for (var rank = 0; rank < Math.Min(Cutoff, ideal.Length); rank++)
        {
            idcg += ideal[ideal.Length - 1 - rank] / Math.Log2(rank + 2);
        }

        return idcg > 0 ? dcg / idcg : 0;
    }

    private static bool Better(int a, int b, ReadOnlySpan<float> scores) => scores[a] > scores[b] || (scores[a] == scores[b] && a < b);

    private static void SiftUp(int[] heap, int at, ReadOnlySpan<float> scores)
    {
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (!Better(heap[parent], heap[at], scores))
            {
                break;
            }

            (heap[parent], heap[at]) = (heap[at], heap[parent]);
            at = parent;
        }
    }

    private static void SiftDown(int[] heap, int size, ReadOnlySpan<float> scores)
    {
        var at = 0;
        while (true)
        {
            var weakest = at;
            foreach (var child in (ReadOnlySpan<int>)[(2 * at) + 1, (2 * at) + 2])
            {
                if (child < size && Better(heap[weakest], heap[child], scores))
                {
                    weakest = child;
                }
            }

            if (weakest == at)
            {
                return;
            }

            (heap[weakest], heap[at]) = (heap[at], heap[weakest]);
            at = weakest;
        }
    }
}
