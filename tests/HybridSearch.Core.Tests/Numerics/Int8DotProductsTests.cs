using System.Runtime.Intrinsics;
using HybridSearch.Numerics;

namespace HybridSearch.Core.Tests.Numerics;

public sealed class Int8DotProductsTests
{
    private delegate void Kernel(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> rows, int dimensions, int count, Span<int> scores);

    private static readonly int[] RowCounts = [0, 1, 2, 3, 4, 5, 7, 9];

    [Fact]
    public void Every_dimension_from_1_to_256_equals_the_exact_integer_reference()
    {
        var random = new Random(31);
        for (var dimensions = 1; dimensions <= 256; dimensions++)
        {
            foreach (var rows in RowCounts)
            {
                AssertExact(random, dimensions, rows, Public);
            }
        }
    }

    // Each width runs on every machine; the JIT emulates the ones the hardware lacks.
    [Fact]
    public void The_512_bit_kernel_is_exact() => Sweep(Vector512<sbyte>.Count, VectorMath.DotProductsInt8x512);

    [Fact]
    public void The_256_bit_kernel_is_exact() => Sweep(Vector256<sbyte>.Count, VectorMath.DotProductsInt8x256);

    // VNNI cannot be emulated: on a processor without it the dispatcher never picks this kernel, and the test says so.
    [SkippableFact]
    public void The_vnni_kernel_is_exact_including_extremes_whose_biased_sums_wrap()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.AvxVnni.IsSupported, "This processor has no AVX-VNNI.");
        Sweep(Vector256<sbyte>.Count, VectorMath.DotProductsInt8Vnni256);
        var dimensions = VectorMath.MaxInt8Dimensions;
        var query = Enumerable.Repeat(sbyte.MinValue, dimensions).ToArray();
        var rows = Enumerable.Repeat(sbyte.MaxValue, dimensions).Concat(Enumerable.Repeat(sbyte.MinValue, dimensions)).ToArray();
        var scores = new int[2];
        VectorMath.DotProductsInt8Vnni256(query, rows, dimensions, 2, scores);
        Assert.Equal([-2_130_690_176, 2_147_467_264], scores);
    }

    [Fact]
    public void The_128_bit_kernel_is_exact() => Sweep(Vector128<sbyte>.Count, VectorMath.DotProductsInt8x128);

    [Fact]
    public void The_scalar_fallback_is_exact() => Sweep(1, VectorMath.DotProductsInt8Scalar);

    [Fact]
    public void Extreme_values_at_the_largest_dimension_do_not_overflow()
    {
        var dimensions = VectorMath.MaxInt8Dimensions;
        var query = Enumerable.Repeat(sbyte.MinValue, dimensions).ToArray();
        var rows = Enumerable.Repeat(sbyte.MinValue, dimensions).Concat(Enumerable.Repeat(sbyte.MaxValue, dimensions)).ToArray();
        var scores = new int[2];
        VectorMath.DotProducts(query, rows, dimensions, scores);

        // 131,071 × (−128)² = 2,147,467,264 and 131,071 × (−128 × 127) = −2,130,690,176.
        Assert.Equal([2_147_467_264, -2_130_690_176], scores);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        var scores = new int[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorMath.DotProducts(ReadOnlySpan<sbyte>.Empty, [], 0, scores));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => VectorMath.DotProducts(new sbyte[VectorMath.MaxInt8Dimensions + 1], [], VectorMath.MaxInt8Dimensions + 1, scores));
        Assert.Throws<ArgumentException>("query", () => VectorMath.DotProducts(new sbyte[1], new sbyte[2], 2, scores));
        Assert.Throws<ArgumentException>("rows", () => VectorMath.DotProducts(new sbyte[2], new sbyte[3], 2, scores));
        Assert.Throws<ArgumentException>("scores", () => VectorMath.DotProducts(new sbyte[1], new sbyte[5], 1, scores));
    }

    private static void Public(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> rows, int dimensions, int count, Span<int> scores) =>
        VectorMath.DotProducts(query, rows, dimensions, scores);

    private static void Sweep(int width, Kernel kernel)
    {
        var random = new Random(width);
        for (var dimensions = width; dimensions <= 200; dimensions++)
        {
            foreach (var rows in RowCounts)
            {
                AssertExact(random, dimensions, rows, kernel);
            }
        }
    }

    private static void AssertExact(Random random, int dimensions, int count, Kernel kernel)
    {
        var query = RandomBytes(random, dimensions);
        var rows = RandomBytes(random, dimensions * count);
        var scores = new int[count];
        kernel(query, rows, dimensions, count, scores);
        for (var r = 0; r < count; r++)
        {
            long expected = 0;
            for (var d = 0; d < dimensions; d++)
            {
                expected += (long)query[d] * rows[(r * dimensions) + d];
            }

            Assert.True(expected == scores[r], $"dims {dimensions}, rows {count}, row {r}: got {scores[r]}, expected {expected}.");
        }
    }

    private static sbyte[] RandomBytes(Random random, int length)
    {
        var values = new sbyte[length];
        for (var i = 0; i < values.Length; i++)
        {
            // Extremes are over-represented: they are where int16 products could overflow.
            values[i] = random.Next(4) == 0 ? (random.Next(2) == 0 ? sbyte.MinValue : sbyte.MaxValue) : (sbyte)random.Next(-128, 128);
        }

        return values;
    }
}
