using HybridSearch.Onnx.Internal.Quantization;

namespace HybridSearch.Onnx.Tests.Quantization;

public sealed class PerChannelWeightsTests
{
    [Fact]
    public void Each_output_column_gets_its_own_symmetric_scale_from_its_largest_magnitude()
    {
        // [K=3, N=2] row-major. Column 0: max |w| = 2.54, scale 0.02; column 1: max |w| = 0.127, scale 0.001.
        float[] weights = [1.27f, 0.001f, -2.54f, -0.127f, 0.01f, 0.0635f];

        var quantized = PerChannelWeights.Quantize(weights, columns: 2, limit: 127);

        Assert.Equal(2.54f / 127, quantized.Scales[0]);
        Assert.Equal(0.127f / 127, quantized.Scales[1]);
        // 1.27 / 0.02 = 63.5 -> 64 (to even); 0.001/0.001 = 1; -127; -127; 0.01/0.02 = 0.5 -> 0 (to even); 63.5 -> 64.
        Assert.Equal([64, 1, -127, -127, 0, 64], quantized.Values.Select(v => (int)v));
    }

    [Fact]
    public void The_reduced_range_never_leaves_minus_64_to_64()
    {
        var weights = Enumerable.Range(0, 64).Select(i => MathF.Sin(i) * (i + 1)).ToArray();

        var quantized = PerChannelWeights.Quantize(weights, columns: 8, limit: 64);

        Assert.All(quantized.Values, v => Assert.InRange(v, -64, 64));
        Assert.Contains(quantized.Values, v => Math.Abs(v) == 64);
    }

    [Fact]
    public void An_all_zero_column_quantises_to_zeros_with_a_finite_scale()
    {
        float[] weights = [0f, 3f, 0f, -1f];

        var quantized = PerChannelWeights.Quantize(weights, columns: 2, limit: 127);

        Assert.Equal(1f, quantized.Scales[0]);
        Assert.Equal([0, 127, 0, -42], quantized.Values.Select(v => (int)v));
    }

    [Fact]
    public void Dequantised_weights_are_within_half_a_step_of_the_originals()
    {
        var random = new Random(7);
        var weights = Enumerable.Range(0, 384 * 16).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        var quantized = PerChannelWeights.Quantize(weights, columns: 16, limit: 127);

        for (var i = 0; i < weights.Length; i++)
        {
            var scale = quantized.Scales[i % 16];
            Assert.True(Math.Abs(quantized.Values[i] * scale - weights[i]) <= scale / 2 * 1.0001f, $"weight {i}");
        }
    }
}
