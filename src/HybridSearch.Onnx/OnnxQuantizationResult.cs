namespace HybridSearch.Onnx;

/// <summary>What <see cref="OnnxQuantization.Quantize"/> wrote.</summary>
/// <param name="Folder">The new model folder.</param>
/// <param name="Configuration">Its configuration, with <see cref="OnnxModelConfiguration.Quantization"/> set.</param>
/// <param name="ModelSha256">SHA-256 of the new <c>model.onnx</c> (its encoder identity).</param>
/// <param name="QuantizedMatMuls">MatMuls rewritten to int8.</param>
/// <param name="SourceBytes">Size of the source <c>model.onnx</c>.</param>
/// <param name="ModelBytes">Size of the new <c>model.onnx</c>.</param>
public sealed record OnnxQuantizationResult(
    string Folder, OnnxModelConfiguration Configuration, string ModelSha256, int QuantizedMatMuls, long SourceBytes, long ModelBytes);
