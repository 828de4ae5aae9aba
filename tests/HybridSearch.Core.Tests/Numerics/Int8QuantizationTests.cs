using HybridSearch.Numerics;

namespace HybridSearch.Core.Tests.Numerics;

public sealed class Int8QuantizationTests
{
    [Fact]
    public void The_largest_magnitude_becomes_127_and_every_value_is_within_half_a_step()
    {
        var random = new Random(3);
        var vector = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var quantized = new sbyte[vector.Length];

        var scale = Int8Quantization.Quantize(vector, quantized);

        Assert.Equal(127, quantized.Max(v => Math.Abs((int)v)));
        Assert.Equal(vector.Max(v => Math.Abs(v)) / 127f, scale, 6);
        Assert.All(Enumerable.Range(0, vector.Length), i => Assert.InRange(Math.Abs(vector[i] - (quantized[i] * scale)), 0, (scale / 2) + 1e-7));
    }

    [Fact]
    public void Scaled_int8_dot_products_estimate_float32_dot_products_of_unit_vectors_closely()
    {
        var random = new Random(5);
        float[] Unit()
        {
            var v = Enumerable.Range(0, 384).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }

        for (var trial = 0; trial < 20; trial++)
        {
            var (a, b) = (Unit(), Unit());
            var (qa, qb) = (new sbyte[384], new sbyte[384]);
            var estimate = Int8Quantization.Quantize(a, qa) * Int8Quantization.Quantize(b, qb) * qa.Zip(qb, (x, y) => x * y).Sum();
            var exact = a.Zip(b, (x, y) => x * y).Sum();

            Assert.InRange(Math.Abs(estimate - exact), 0, 0.01);
        }
    }

    [Fact]
    public void A_zero_vector_quantises_to_zeros_with_scale_zero()
    {
        var quantized = new sbyte[] { 1, 2, 3 };

        Assert.Equal(0f, Int8Quantization.Quantize(new float[3], quantized));
        Assert.Equal(new sbyte[3], quantized);
    }

    [Fact]
    public void NaN_and_mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Int8Quantization.Quantize([1f, float.NaN], new sbyte[2]));
        Assert.Throws<ArgumentException>(() => Int8Quantization.Quantize([1f, 2f], new sbyte[3]));
    }
}
