using HybridSearch.Adapters;

namespace HybridSearch.Core.Tests.Adapters;

public sealed class QueryAdapterTests
{
    [Theory]
    [InlineData(QueryAdapterKind.Full, 0)]
    [InlineData(QueryAdapterKind.LowRank, 4)]
    public void The_identity_adapter_leaves_unit_vectors_unchanged(QueryAdapterKind kind, int rank)
    {
        var adapter = QueryAdapter.CreateIdentity(AdapterTestData.Identity(33), kind, rank);
        var random = new Random(1);
        for (var trial = 0; trial < 20; trial++)
        {
            var query = AdapterTestData.RandomUnitVector(33, random);
            var adapted = new float[33];
            adapter.Apply(query, adapted);
            for (var i = 0; i < 33; i++)
            {
                Assert.Equal(query[i], adapted[i], 1e-6f);
            }
        }
    }

    [Fact]
    public void A_full_adapter_returns_the_normalised_matrix_product()
    {
        const int D = 19;
        var adapter = AdapterTestData.RandomAdapter(QueryAdapterKind.Full, D, 0, seed: 5);
        var w = adapter.Parameters.ToArray();
        var query = AdapterTestData.RandomUnitVector(D, new Random(2));

        var expected = new double[D];
        for (var i = 0; i < D; i++)
        {
            for (var j = 0; j < D; j++)
            {
                expected[i] += (double)w[(i * D) + j] * query[j];
            }
        }

        AssertAdaptsTo(adapter, query, expected);
    }

    [Fact]
    public void A_low_rank_adapter_returns_the_normalised_query_plus_its_correction()
    {
        const int D = 21;
        const int R = 3;
        var adapter = AdapterTestData.RandomAdapter(QueryAdapterKind.LowRank, D, R, seed: 6);
        var p = adapter.Parameters.ToArray();
        var query = AdapterTestData.RandomUnitVector(D, new Random(3));

        // x + U·(Vᵀ·x), U and V stored as R rows of D.
        var expected = new double[D];
        for (var i = 0; i < D; i++)
        {
            expected[i] = query[i];
        }

        for (var k = 0; k < R; k++)
        {
            var h = 0.0;
            for (var j = 0; j < D; j++)
            {
                h += (double)p[(R * D) + (k * D) + j] * query[j];
            }

            for (var i = 0; i < D; i++)
            {
                expected[i] += p[(k * D) + i] * h;
            }
        }

        AssertAdaptsTo(adapter, query, expected);
    }

    [Fact]
    public void Adapting_in_place_and_row_by_row_agree_with_adapting_one_vector()
    {
        const int D = 16;
        var adapter = AdapterTestData.RandomAdapter(QueryAdapterKind.Full, D, 0, seed: 9);
        var random = new Random(4);
        var matrix = new float[3 * D];
        for (var r = 0; r < 3; r++)
        {
            AdapterTestData.RandomUnitVector(D, random).CopyTo(matrix, r * D);
        }

        var expected = new float[3 * D];
        for (var r = 0; r < 3; r++)
        {
            adapter.Apply(matrix.AsSpan(r * D, D), expected.AsSpan(r * D, D));
        }

        var inPlace = (float[])matrix.Clone();
        adapter.Apply(inPlace.AsSpan(0, D), inPlace.AsSpan(0, D));
        adapter.ApplyToRows(matrix);

        Assert.Equal(expected, matrix);
        Assert.Equal(expected[..D], inPlace[..D]);
    }

    [Fact]
    public void Vectors_of_the_wrong_size_are_refused()
    {
        var adapter = QueryAdapter.CreateIdentity(AdapterTestData.Identity(8));

        Assert.Throws<ArgumentException>(() => adapter.Apply(new float[7], new float[8]));
        Assert.Throws<ArgumentException>(() => adapter.ApplyToRows(new float[12]));
    }

    private static void AssertAdaptsTo(QueryAdapter adapter, float[] query, double[] expected)
    {
        var norm = Math.Sqrt(expected.Sum(x => x * x));
        var adapted = new float[query.Length];
        adapter.Apply(query, adapted);
        for (var i = 0; i < query.Length; i++)
        {
            Assert.Equal(expected[i] / norm, adapted[i], 1e-5);
        }
    }
}
