namespace HybridSearch.Onnx;

/// <summary>
/// How a model folder's weights were derived from another model's, as <c>hybridsearch quantize</c> records it in
/// <c>hybridsearch-model.json</c>. The encoder identity of such a model names its source
/// (<see cref="Encoders.EncoderIdentity.DerivedFromSha256"/>), so its queries may search an index of the source model.
/// </summary>
/// <param name="Method"><see cref="DynamicInt8"/>: int8 weights per output channel, activations quantised at run time.</param>
/// <param name="SourceModel">Name of the model it was made from.</param>
/// <param name="SourceSha256">Lower-case hex SHA-256 of the source <c>model.onnx</c>.</param>
/// <param name="ReduceRange">True when weights use 7 bits (−64..64), which no integer kernel can saturate.</param>
/// <param name="FloatContractions">True when MatMuls that narrow their input (feed-forward down-projections) stayed float32.</param>
public sealed record OnnxModelQuantization(string Method, string SourceModel, string SourceSha256, bool ReduceRange, bool FloatContractions)
{
    /// <summary>The one method there is: dynamic int8 (<c>DynamicQuantizeLinear</c> + <c>MatMulInteger</c>).</summary>
    public const string DynamicInt8 = "dynamic-int8";
}
