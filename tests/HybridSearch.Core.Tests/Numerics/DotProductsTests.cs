using System.Runtime.Intrinsics;
using HybridSearch.Numerics;

namespace HybridSearch.Core.Tests.Numerics;

public sealed class DotProductsTests
{
    private delegate void Kernel(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimensions, int count, Span<float> scores);

    private static readonly int[] RowCounts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13];

    [Fact]
    public void Every_dimension_from_1_to_256_matches_a_double_precision_reference()
    {
        var random = new Random(1);
        for (var dimensions = 1; dimensions <= 256; dimensions++)
        {
            foreach (var rows in RowCounts)
            {
                AssertMatchesReference(random, dimensions, rows, Public);
            }
        }
    }

    [Fact]
    public void Every_row_count_from_0_to_256_matches_the_reference_at_model_dimensions()
    {
        var random = new Random(2);
        foreach (var dimensions in new[] { 3, 384, 768 })
        {
            // One matrix of 256 rows; each count scores a prefix of it, so the reference is computed once per row.
            var query = RandomFloats(random, dimensions);
            var rows = RandomFloats(random, dimensions * 256);
            var expected = new (double Value, double Tolerance)[256];
            for (var r = 0; r < 256; r++)
            {
                expected[r] = Reference(query, rows.AsSpan(r * dimensions, dimensions));
            }

            for (var count = 0; count <= 256; count++)
            {
                var scores = new float[count];
                VectorMath.DotProducts(query, rows.AsSpan(0, count * dimensions), dimensions, scores);
                for (var r = 0; r < count; r++)
                {
                    Assert.True(
                        Math.Abs(scores[r] - expected[r].Value) <= expected[r].Tolerance,
                        $"dims {dimensions}, rows {count}, row {r}: got {scores[r]}, expected {expected[r].Value}.");
                }
            }
        }
    }

    // Each width runs even where the hardware lacks it (the JIT then emulates the vector type in software), so every
    // kernel's arithmetic is checked on every machine; only its speed depends on the hardware.
    [Fact]
    public void The_512_bit_kernel_matches_the_reference() =>
        SweepKernel(Vector512<float>.Count, VectorMath.DotProducts512);

    [Fact]
    public void The_256_bit_kernel_matches_the_reference() =>
        SweepKernel(Vector256<float>.Count, VectorMath.DotProducts256);

    [Fact]
    public void The_128_bit_kernel_matches_the_reference() =>
        SweepKernel(Vector128<float>.Count, VectorMath.DotProducts128);

    [Fact]
    public void The_scalar_fallback_matches_the_reference()
    {
        var random = new Random(3);
        for (var dimensions = 1; dimensions <= 64; dimensions++)
        {
            foreach (var rows in RowCounts)
            {
                AssertMatchesReference(random, dimensions, rows, VectorMath.DotProductsScalar);
            }
        }
    }

    [Fact]
    public void Unit_vectors_score_their_cosine()
    {
        // Orthogonal, identical and opposite unit vectors: 0, 1 and -1 exactly.
        float[] query = [0.6f, 0.8f, 0, 0, 0, 0, 0, 0, 0];
        float[] rows = [-0.8f, 0.6f, 0, 0, 0, 0, 0, 0, 0, 0.6f, 0.8f, 0, 0, 0, 0, 0, 0, 0, -0.6f, -0.8f, 0, 0, 0, 0, 0, 0, 0];
        var scores = new float[3];
        VectorMath.DotProducts(query, rows, 9, scores);
        Assert.Equal(0, scores[0], 6);
        Assert.Equal(1, scores[1], 6);
        Assert.Equal(-1, scores[2], 6);
    }

    [Fact]
    public void Scores_beyond_the_row_count_are_left_untouched()
    {
        var scores = new[] { 7f, 7f, 7f };
        VectorMath.DotProducts([1f, 2f], [3f, 4f], 2, scores);
        Assert.Equal([11f, 7f, 7f], scores);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        var scores = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorMath.DotProducts([], [], 0, scores));
        Assert.Throws<ArgumentException>("query", () => VectorMath.DotProducts([1f], [1f, 2f], 2, scores));
        Assert.Throws<ArgumentException>("rows", () => VectorMath.DotProducts([1f, 2f], [1f, 2f, 3f], 2, scores));
        Assert.Throws<ArgumentException>("scores", () => VectorMath.DotProducts([1f], [1f, 2f, 3f, 4f, 5f], 1, scores));
    }

    private static void Public(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimensions, int count, Span<float> scores) =>
        VectorMath.DotProducts(query, rows, dimensions, scores);

    private static void SweepKernel(int width, Kernel kernel)
    {
        var random = new Random(width);
        for (var dimensions = width; dimensions <= 256; dimensions++)
        {
            foreach (var rows in RowCounts)
            {
                AssertMatchesReference(random, dimensions, rows, kernel);
            }
        }
    }

    private static void AssertMatchesReference(Random random, int dimensions, int count, Kernel kernel)
    {
        var query = RandomFloats(random, dimensions);
        var rows = RandomFloats(random, dimensions * count);
        var scores = new float[count];
        kernel(query, rows, dimensions, count, scores);
        for (var r = 0; r < count; r++)
        {
            var (expected, tolerance) = Reference(query, rows.AsSpan(r * dimensions, dimensions));
            Assert.True(
                Math.Abs(scores[r] - expected) <= tolerance,
                $"dims {dimensions}, rows {count}, row {r}: got {scores[r]}, expected {expected} (tolerance {tolerance}).");
        }
    }

    /// <summary>The double-precision dot product and the float32 error bound allowed around it.</summary>
    private static (double Value, double Tolerance) Reference(ReadOnlySpan<float> query, ReadOnlySpan<float> row)
    {
        double sum = 0, magnitude = 0;
        for (var d = 0; d < query.Length; d++)
        {
            var product = (double)query[d] * row[d];
            sum += product;
            magnitude += Math.Abs(product);
        }

        // Float32 summation error is bounded relative to the sum of |products|, not to the (possibly cancelled) result.
        return (sum, (2e-6 * magnitude * Math.Sqrt(query.Length)) + 1e-30);
    }

    private static float[] RandomFloats(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
