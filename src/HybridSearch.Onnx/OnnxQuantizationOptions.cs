namespace HybridSearch.Onnx;

/// <summary>Settings of <see cref="OnnxQuantization.Quantize"/>.</summary>
public sealed class OnnxQuantizationOptions
{
    /// <summary>
    /// Weights in 7 bits (−64..64) instead of 8 (−127..127). ONNX Runtime's AVX2 kernel without VNNI multiplies
    /// unsigned activations by signed weights in pairs summed into 16 bits (<c>vpmaddubsw</c>), which saturates when
    /// 2 × 255 × |w| exceeds 32,767; with |w| ≤ 64 it cannot. VNNI and ARM kernels never saturate. Default false.
    /// </summary>
    public bool ReduceRange { get; set; }

    /// <summary>
    /// Keep MatMuls that narrow their input (K &gt; N: a transformer's feed-forward down-projection, about a third of
    /// its MatMul work) in float32. Their inputs, after GELU, carry token-specific outliers that one int8 scale per
    /// tensor cannot hold: on minilm this raises the minimum cosine to float32 on the fixture texts from 0.987 to 0.993,
    /// at about a quarter of the int8 speed-up (README, "int8 encoders"). Default false.
    /// </summary>
    public bool FloatContractions { get; set; }

    /// <summary>Name of the new model (its encoder identity); null for the source's name with <c>-int8</c> appended.</summary>
    public string? Name { get; set; }
}
