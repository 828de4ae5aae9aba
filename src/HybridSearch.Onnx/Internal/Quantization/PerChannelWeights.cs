using System.Numerics.Tensors;

namespace HybridSearch.Onnx.Internal.Quantization;

/// <summary>
/// Symmetric per-column int8 quantisation of a MatMul weight matrix <c>[K, N]</c> (row-major), as ONNX Runtime's
/// <c>quantize_dynamic(per_channel=True, weight_type=QInt8)</c> does it: column <c>n</c> gets
/// <c>scale[n] = max|W[:, n]| / qmax</c>, zero point 0, and <c>q = clamp(round_half_even(w / scale), -qmax, qmax)</c>.
/// Output column n of <c>A · W</c> is then <c>scale_a · scale[n] · Σ (a_q − zp_a) · q</c>.
/// </summary>
internal sealed class PerChannelWeights
{
    private PerChannelWeights(sbyte[] values, float[] scales)
    {
        Values = values;
        Scales = scales;
    }

    /// <summary>The quantised matrix, row-major <c>[K, N]</c>.</summary>
    public sbyte[] Values { get; }

    /// <summary>One scale per output column.</summary>
    public float[] Scales { get; }

    /// <param name="weights">Row-major <c>[rows, columns]</c>.</param>
    /// <param name="columns">N, the output width.</param>
    /// <param name="limit">qmax: 127 for the full int8 range, 64 for the reduced range (see <see cref="OnnxQuantizationOptions.ReduceRange"/>).</param>
    public static PerChannelWeights Quantize(ReadOnlySpan<float> weights, int columns, int limit)
    {
        var rows = weights.Length / columns;
        var largest = new float[columns];
        for (var row = 0; row < rows; row++)
        {
            TensorPrimitives.MaxMagnitude(largest, weights.Slice(row * columns, columns), largest);
        }

        TensorPrimitives.Abs(largest, largest);
        var scales = new float[columns];
        for (var column = 0; column < columns; column++)
        {
            // An all-zero column quantises to zeros under any scale; 1 keeps the dequantised product finite.
            scales[column] = largest[column] > 0 ? largest[column] / limit : 1f;
        }

        var values = new sbyte[weights.Length];
        var scaled = new float[columns];
        for (var row = 0; row < rows; row++)
        {
            // Divided, not multiplied by 1/scale: that can differ in the last bit and move a value sitting on a rounding
            // boundary to the other side of it.
            TensorPrimitives.Divide(weights.Slice(row * columns, columns), scales, scaled);
            var target = values.AsSpan(row * columns, columns);
            for (var column = 0; column < columns; column++)
            {
                target[column] = (sbyte)Math.Clamp(MathF.Round(scaled[column], MidpointRounding.ToEven), -limit, limit);
            }
        }

        return new PerChannelWeights(values, scales);
    }
}
