namespace HybridSearch.Adapters;

public static partial class QueryAdapterTrainer
{
    /// <summary>Held-out nDCG@10 and full-corpus softmax cross-entropy of <paramref name="adapter"/> (NaN with no held-out query).</summary>
    private static AdapterEpoch EvaluateHeldOut(
        AdapterTrainingSet set, int[] heldOut, QueryAdapter adapter, AdapterTrainingOptions options, int epoch, double trainingLoss)
    {
        if (heldOut.Length == 0)
        {
            return new AdapterEpoch(epoch, trainingLoss, double.NaN, double.NaN);
        }

        var d = set.Dimensions;
        var documents = set.DocumentVectors.Length / d;
        var ndcg = new double[heldOut.Length];
        var loss = new double[heldOut.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        Parallel.For(
            0,
            heldOut.Length,
            parallel,
            () => (Query: new float[d], Scores: new float[documents]),
            (i, _, buffers) =>
            {
                var q = heldOut[i];
                adapter.Apply(set.QueryVectors.AsSpan(q * d, d), buffers.Query);
                DenseRanking.Score(buffers.Query, set.DocumentVectors, buffers.Scores);
                ndcg[i] = DenseRanking.NdcgAt10(DenseRanking.Top(buffers.Scores, 10), set.Relevant[q], set.Grades[q]);
                loss[i] = CrossEntropy(buffers.Scores, set.Relevant[q], options.Temperature);
                return buffers;
            },
            _ => { });

        // Summed in query order, not thread order, so the figures are reproducible.
        var ndcgSum = 0.0;
        var lossSum = 0.0;
        for (var i = 0; i < heldOut.Length; i++)
        {
            ndcgSum += ndcg[i];
            lossSum += loss[i];
        }

        return new AdapterEpoch(epoch, trainingLoss, ndcgSum / heldOut.Length, lossSum / heldOut.Length);
    }

    // Mean over the relevant documents of −log softmax against every non-relevant document.
    private static double CrossEntropy(ReadOnlySpan<float> scores, int[] relevant, double temperature)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < scores.Length; i++)
        {
            max = Math.Max(max, scores[i] / temperature);
        }

        var negatives = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (Array.BinarySearch(relevant, i) < 0)
            {
                negatives += Math.Exp((scores[i] / temperature) - max);
            }
        }

        var loss = 0.0;
        foreach (var doc in relevant)
        {
            var logit = (scores[doc] / temperature) - max;
            loss += -logit + Math.Log(Math.Exp(logit) + negatives);
        }

        return loss / relevant.Length;
    }
}
