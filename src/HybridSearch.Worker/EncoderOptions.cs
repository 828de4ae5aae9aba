namespace HybridSearch.Worker;

/// <summary>Which document encoder the worker loads. Bound from <see cref="SectionName"/>.</summary>
public sealed class EncoderOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "HybridSearch:Encoder";

    /// <summary>The model: a packaged name (<c>minilm</c>, <c>arctic-xs</c>) or a model folder.</summary>
    public string Model { get; set; } = "minilm";

    /// <summary>ONNX Runtime threads per encoder call; 0 lets the encoder choose.</summary>
    public int IntraOpThreads { get; set; }
}
