namespace HybridSearch.Onnx;

/// <summary>How a model's token vectors (<c>last_hidden_state</c>) become one text vector, before L2 normalisation.</summary>
public enum ModelPooling
{
    /// <summary>Average over the real tokens (attention mask 1), <c>[CLS]</c> and <c>[SEP]</c> included.</summary>
    Mean,

    /// <summary>The vector of the first token, <c>[CLS]</c>.</summary>
    Cls,
}
