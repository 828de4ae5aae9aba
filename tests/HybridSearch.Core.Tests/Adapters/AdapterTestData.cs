using HybridSearch.Adapters;
using HybridSearch.Encoders;

namespace HybridSearch.Core.Tests.Adapters;

internal static class AdapterTestData
{
    public static EncoderIdentity Identity(int dimensions, string sha = "aa11") => new("fake-model", sha, dimensions);

    public static float[] RandomUnitVector(int dimensions, Random random)
    {
        var vector = new float[dimensions];
        var norm = 0.0;
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(random.NextDouble() - 0.5);
            norm += vector[i] * vector[i];
        }

        for (var i = 0; i < dimensions; i++)
        {
            vector[i] /= (float)Math.Sqrt(norm);
        }

        return vector;
    }

    /// <summary>A trained-looking adapter: random parameters (so a bit-exact round trip means something) and training info.</summary>
    public static QueryAdapter RandomAdapter(QueryAdapterKind kind, int dimensions, int rank, int seed)
    {
        var random = new Random(seed);
        var parameters = new float[kind == QueryAdapterKind.Full ? dimensions * dimensions : 2 * rank * dimensions];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (float)(random.NextDouble() - 0.5);
        }

        var info = new AdapterTrainingInfo(
            new AdapterTrainingOptions { Kind = kind, Rank = Math.Max(rank, 1), Seed = seed },
            80,
            20,
            2,
            [new AdapterEpoch(0, double.NaN, 0.5, 3.1), new AdapterEpoch(1, 2.5, 0.55, 3.0), new AdapterEpoch(2, 2.2, 0.6, 2.9)]);
        return QueryAdapter.Create(kind, dimensions, rank, parameters, Identity(dimensions), info);
    }
}
