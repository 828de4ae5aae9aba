using System.Globalization;
using HybridSearch.Adapters;
using HybridSearch.Core.Tests.Adapters;

namespace HybridSearch.Evaluation.Tests.Adapters;

/// <summary>
/// Random unit documents; each query is a noisy copy of one document, seen through a fixed random linear distortion
/// <c>A = I + strength·G/√d</c> and renormalised. An adapter that learns <c>A⁻¹</c> recovers the true queries.
/// </summary>
internal sealed class SyntheticRetrievalTask
{
    private readonly float[] _testQueries;
    private readonly int[] _testAnswers;

    public SyntheticRetrievalTask(int dimensions, int documents, int trainingQueries, int testQueries, double strength, int seed)
    {
        Dimensions = dimensions;
        var random = new Random(seed);
        Documents = new float[documents * dimensions];
        for (var i = 0; i < documents; i++)
        {
            AdapterTestData.RandomUnitVector(dimensions, random).CopyTo(Documents, i * dimensions);
        }

        var distortion = new double[dimensions * dimensions];
        for (var i = 0; i < distortion.Length; i++)
        {
            distortion[i] = ((i % (dimensions + 1)) == 0 ? 1 : 0) + (strength * Gaussian(random) / Math.Sqrt(dimensions));
        }

        var (trainVectors, trainAnswers) = Queries(trainingQueries, distortion, random);
        (_testQueries, _testAnswers) = Queries(testQueries, distortion, random);
        var documentIds = Enumerable.Range(0, documents).Select(i => $"d{i}").ToArray();
        var queryIds = Enumerable.Range(0, trainingQueries).Select(i => $"q{i}").ToArray();
        Set = AdapterTrainingSet.Create(
            AdapterTestData.Identity(dimensions),
            documentIds,
            Documents,
            queryIds,
            trainVectors,
            trainAnswers.Select((doc, q) => new RelevanceJudgement(queryIds[q], documentIds[doc], 1)));
    }

    public int Dimensions { get; }

    public float[] Documents { get; }

    public AdapterTrainingSet Set { get; }

    /// <summary>Share of the unseen test queries whose own document ranks first (a plain loop, not the trainer's ranking code).</summary>
    public double TopOneAccuracy(QueryAdapter? adapter)
    {
        var d = Dimensions;
        var correct = 0;
        var query = new float[d];
        for (var q = 0; q < _testAnswers.Length; q++)
        {
            _testQueries.AsSpan(q * d, d).CopyTo(query);
            adapter?.Apply(query, query);
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var doc = 0; doc < Documents.Length / d; doc++)
            {
                var score = 0.0;
                for (var i = 0; i < d; i++)
                {
                    score += query[i] * Documents[(doc * d) + i];
                }

                if (score > bestScore)
                {
                    (best, bestScore) = (doc, score);
                }
            }

            correct += best == _testAnswers[q] ? 1 : 0;
        }

        return (double)correct / _testAnswers.Length;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Dimensions} dims");

    private (float[] Vectors, int[] Answers) Queries(int count, double[] distortion, Random random)
    {
        var d = Dimensions;
        var vectors = new float[count * d];
        var answers = new int[count];
        var noisy = new double[d];
        for (var q = 0; q < count; q++)
        {
            answers[q] = random.Next(Documents.Length / d);
            for (var i = 0; i < d; i++)
            {
                noisy[i] = Documents[(answers[q] * d) + i] + (0.3 * Gaussian(random) / Math.Sqrt(d));
            }

            var norm = 0.0;
            for (var i = 0; i < d; i++)
            {
                var value = 0.0;
                for (var j = 0; j < d; j++)
                {
                    value += distortion[(i * d) + j] * noisy[j];
                }

                vectors[(q * d) + i] = (float)value;
                norm += value * value;
            }

            for (var i = 0; i < d; i++)
            {
                vectors[(q * d) + i] /= (float)Math.Sqrt(norm);
            }
        }

        return (vectors, answers);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
