using System.Numerics.Tensors;

namespace HybridSearch.Adapters;

public static partial class QueryAdapterTrainer
{
    /// <summary>Queries with a relevant document, shuffled by the seed and split; the held-out part is the first one.</summary>
    private static (int[] Training, int[] HeldOut) SplitQueries(AdapterTrainingSet set, double holdoutFraction, Random random)
    {
        var judged = new List<int>();
        for (var q = 0; q < set.QueryIds.Count; q++)
        {
            if (set.Relevant[q].Length > 0)
            {
                judged.Add(q);
            }
        }

        var queries = judged.ToArray();
        Shuffle(queries, random);
        var heldOut = holdoutFraction > 0 ? Math.Max(1, (int)Math.Round(holdoutFraction * queries.Length)) : 0;
        if (queries.Length - heldOut < 1)
        {
            throw new ArgumentException(
                $"The training set has {queries.Length} queries with a relevant document; after holding out {heldOut} none is left to train on.",
                nameof(set));
        }

        var training = queries[heldOut..];
        var held = queries[..heldOut];
        Array.Sort(training);
        Array.Sort(held);
        return (training, held);
    }

    private static (int Query, int Document)[] TrainingExamples(AdapterTrainingSet set, int[] training)
    {
        var examples = new List<(int, int)>();
        foreach (var q in training)
        {
            foreach (var doc in set.Relevant[q])
            {
                examples.Add((q, doc));
            }
        }

        return [.. examples];
    }

    /// <summary>
    /// Per training query (indexed by query), the pool its hard negatives are sampled from: the top-ranked non-relevant
    /// documents by the current adapted query vector (after <see cref="AdapterTrainingOptions.HardNegativeSkip"/>), then the
    /// supplied ones not already in it.
    /// </summary>
    private static int[][] MineHardNegatives(AdapterTrainingSet set, int[] training, QueryAdapter current, AdapterTrainingOptions options)
    {
        var d = set.Dimensions;
        var documents = set.DocumentVectors.Length / d;
        var pools = new int[set.QueryIds.Count][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        Parallel.For(
            0,
            training.Length,
            parallel,
            () => (Query: new float[d], Scores: new float[documents]),
            (i, _, buffers) =>
            {
                var q = training[i];
                current.Apply(set.QueryVectors.AsSpan(q * d, d), buffers.Query);
                DenseRanking.Score(buffers.Query, set.DocumentVectors, buffers.Scores);
                var relevant = set.Relevant[q];
                var ranked = DenseRanking.Top(
                    buffers.Scores, options.HardNegativeSkip + options.HardNegativeDepth, doc => Array.BinarySearch(relevant, doc) >= 0);
                var pool = new List<int>(ranked.AsSpan(Math.Min(options.HardNegativeSkip, ranked.Length)).ToArray());
                var supplied = set.SuppliedNegatives[q];
                for (var s = 0; s < Math.Min(options.HardNegativeDepth, supplied.Length); s++)
                {
                    if (!pool.Contains(supplied[s]))
                    {
                        pool.Add(supplied[s]);
                    }
                }

                pools[q] = [.. pool];
                return buffers;
            },
            _ => { });
        return pools;
    }

    private static TrainingBatch BuildBatch(
        AdapterTrainingSet set, ReadOnlySpan<(int Query, int Document)> examples, int[][]? pools, int hardNegatives, Random random)
    {
        var candidateOf = new Dictionary<int, int>();
        var documents = new List<int>();
        int Candidate(int doc)
        {
            if (!candidateOf.TryGetValue(doc, out var c))
            {
                candidateOf[doc] = c = documents.Count;
                documents.Add(doc);
            }

            return c;
        }

        var positives = new int[examples.Length];
        for (var e = 0; e < examples.Length; e++)
        {
            positives[e] = Candidate(examples[e].Document);
        }

        var own = new int[examples.Length][];
        for (var e = 0; e < examples.Length; e++)
        {
            var pool = pools?[examples[e].Query] ?? [];
            var sample = Sample(pool, Math.Min(hardNegatives, pool.Length), random);
            own[e] = new int[sample.Length];
            for (var i = 0; i < sample.Length; i++)
            {
                own[e][i] = Candidate(sample[i]);
            }
        }

        var d = set.Dimensions;
        var queries = new double[examples.Length * d];
        var candidates = new double[documents.Count * d];
        var excluded = new bool[examples.Length * documents.Count];
        for (var e = 0; e < examples.Length; e++)
        {
            var (q, positive) = examples[e];
            TensorPrimitives.ConvertTruncating<float, double>(
                set.QueryVectors.AsSpan(q * d, d), queries.AsSpan(e * d, d));
            for (var c = 0; c < documents.Count; c++)
            {
                excluded[(e * documents.Count) + c] = documents[c] != positive && Array.BinarySearch(set.Relevant[q], documents[c]) >= 0;
            }
        }

        for (var c = 0; c < documents.Count; c++)
        {
            TensorPrimitives.ConvertTruncating<float, double>(
                set.DocumentVectors.AsSpan(documents[c] * d, d), candidates.AsSpan(c * d, d));
        }

        return new TrainingBatch(d, queries, candidates, positives, excluded, own);
    }

    // k distinct items of pool by a partial Fisher–Yates shuffle of a copy.
    private static int[] Sample(int[] pool, int k, Random random)
    {
        var copy = (int[])pool.Clone();
        for (var i = 0; i < k; i++)
        {
            var j = random.Next(i, copy.Length);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return copy[..k];
    }

    private static void Shuffle<T>(T[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
