namespace HybridSearch.Onnx;

/// <summary>
/// What an ONNX sentence-embedding model needs besides its weights and vocabulary. Packaged models carry it built in;
/// a custom model folder declares it in <c>hybridsearch-model.json</c>. An encoder hands it out through
/// <c>GetService(typeof(OnnxModelConfiguration))</c>.
/// </summary>
/// <param name="Name">Model name, recorded in indexes through the encoder identity.</param>
/// <param name="Pooling">How token vectors become one vector.</param>
/// <param name="MaxTokens">Longest input in tokens, <c>[CLS]</c> and <c>[SEP]</c> included; longer texts are truncated.</param>
/// <param name="Dimensions">Vector size (the model's hidden size).</param>
/// <param name="QueryPrefix">Instruction put before every query (empty for none).</param>
/// <param name="DocumentPrefix">Instruction put before every document (empty for none).</param>
/// <param name="LowerCase">True for uncased vocabularies: lower-case and strip accents, as the reference tokenizer does.</param>
public sealed record OnnxModelConfiguration(
    string Name,
    ModelPooling Pooling,
    int MaxTokens,
    int Dimensions,
    string QueryPrefix,
    string DocumentPrefix,
    bool LowerCase)
{
    /// <summary>How the weights were derived from another model (<c>hybridsearch quantize</c>); null for an original model.</summary>
    public OnnxModelQuantization? Quantization { get; init; }
}
