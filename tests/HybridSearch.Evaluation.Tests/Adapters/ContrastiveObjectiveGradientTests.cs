using HybridSearch.Adapters;

namespace HybridSearch.Evaluation.Tests.Adapters;

public sealed class ContrastiveObjectiveGradientTests
{
    private const int Dimensions = 7;

    [Theory]
    [InlineData(AdapterLoss.InfoNce, QueryAdapterKind.Full)]
    [InlineData(AdapterLoss.InfoNce, QueryAdapterKind.LowRank)]
    [InlineData(AdapterLoss.Triplet, QueryAdapterKind.Full)]
    [InlineData(AdapterLoss.Triplet, QueryAdapterKind.LowRank)]
    public void Analytic_gradient_matches_central_finite_differences(AdapterLoss loss, QueryAdapterKind kind)
    {
        var random = new Random(7);
        var parameters = RandomParameters(kind, random);
        var batch = RandomBatch(random, withHardNegatives: true);

        var analytic = new double[parameters.Values.Length];
        var value = ContrastiveObjective.Evaluate(parameters, batch, loss, temperature: 0.1, margin: 0.5, analytic);
        var numeric = FiniteDifferences(parameters, batch, loss);

        Assert.True(value > 0, $"the loss should be active, was {value}");
        Assert.True(RelativeError(analytic, numeric) < 1e-6, $"relative error {RelativeError(analytic, numeric):E2}");
    }

    [Fact]
    public void Triplet_gradient_with_in_batch_negatives_only_matches_finite_differences()
    {
        var random = new Random(11);
        var parameters = RandomParameters(QueryAdapterKind.Full, random);
        var batch = RandomBatch(random, withHardNegatives: false);

        var analytic = new double[parameters.Values.Length];
        ContrastiveObjective.Evaluate(parameters, batch, AdapterLoss.Triplet, 0.1, 0.5, analytic);
        var numeric = FiniteDifferences(parameters, batch, AdapterLoss.Triplet);

        Assert.True(RelativeError(analytic, numeric) < 1e-6, $"relative error {RelativeError(analytic, numeric):E2}");
    }

    [Fact]
    public void A_document_relevant_to_the_query_is_never_its_negative()
    {
        var random = new Random(3);
        var parameters = RandomParameters(QueryAdapterKind.Full, random);
        var batch = RandomBatch(random, withHardNegatives: false);
        var moved = (double[])batch.Candidates.Clone();
        for (var i = 0; i < Dimensions; i++)
        {
            moved[(4 * Dimensions) + i] = -moved[(4 * Dimensions) + i]; // candidate 4 is excluded for example 0
        }

        var firstExample = batch with { Queries = batch.Queries[..Dimensions], Positives = [0], Excluded = batch.Excluded[..7], HardNegatives = [[]] };
        var original = Loss(parameters, firstExample);
        var withMovedExcluded = Loss(parameters, firstExample with { Candidates = moved });
        var withExclusionLifted = Loss(parameters, firstExample with { Excluded = new bool[7] });

        Assert.Equal(original, withMovedExcluded, 12);
        Assert.NotEqual(original, withExclusionLifted, 6);
    }

    private static double Loss(AdapterParameters parameters, TrainingBatch batch) =>
        ContrastiveObjective.Evaluate(parameters, batch, AdapterLoss.InfoNce, 0.1, 0.5, new double[parameters.Values.Length]);

    private static double[] FiniteDifferences(AdapterParameters parameters, TrainingBatch batch, AdapterLoss loss)
    {
        const double Step = 1e-6;
        var numeric = new double[parameters.Values.Length];
        var scratch = new double[parameters.Values.Length];
        for (var i = 0; i < numeric.Length; i++)
        {
            var original = parameters.Values[i];
            parameters.Values[i] = original + Step;
            var plus = ContrastiveObjective.Evaluate(parameters, batch, loss, 0.1, 0.5, scratch);
            parameters.Values[i] = original - Step;
            var minus = ContrastiveObjective.Evaluate(parameters, batch, loss, 0.1, 0.5, scratch);
            parameters.Values[i] = original;
            numeric[i] = (plus - minus) / (2 * Step);
        }

        return numeric;
    }

    private static double RelativeError(double[] a, double[] b)
    {
        double difference = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            difference += (a[i] - b[i]) * (a[i] - b[i]);
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return Math.Sqrt(difference) / Math.Max(Math.Sqrt(normA), Math.Sqrt(normB));
    }

    // Near the identity but far enough from it that every term of the gradient is exercised (U is non-zero).
    private static AdapterParameters RandomParameters(QueryAdapterKind kind, Random random)
    {
        var rank = kind == QueryAdapterKind.Full ? 0 : 2;
        var parameters = AdapterParameters.CreateIdentity(kind, Dimensions, rank, 1.0, random);
        for (var i = 0; i < parameters.Values.Length; i++)
        {
            parameters.Values[i] += 0.4 * (random.NextDouble() - 0.5);
        }

        return parameters;
    }

    private static TrainingBatch RandomBatch(Random random, bool withHardNegatives)
    {
        const int Examples = 3;
        const int Candidates = 7;
        var queries = RandomUnitRows(Examples, random);
        var candidates = RandomUnitRows(Candidates, random);
        var excluded = new bool[Examples * Candidates];
        excluded[(0 * Candidates) + 4] = true; // candidate 4 is also relevant to example 0's query
        int[][] hard = withHardNegatives ? [[3, 5], [3, 6], [4, 5, 6]] : [[], [], []];
        return new TrainingBatch(Dimensions, queries, candidates, [0, 1, 2], excluded, hard);
    }

    private static double[] RandomUnitRows(int rows, Random random)
    {
        var values = new double[rows * Dimensions];
        for (var r = 0; r < rows; r++)
        {
            var norm = 0.0;
            for (var i = 0; i < Dimensions; i++)
            {
                values[(r * Dimensions) + i] = random.NextDouble() - 0.5;
                norm += values[(r * Dimensions) + i] * values[(r * Dimensions) + i];
            }

            for (var i = 0; i < Dimensions; i++)
            {
                values[(r * Dimensions) + i] /= Math.Sqrt(norm);
            }
        }

        return values;
    }
}
