namespace HybridSearch.Worker;

/// <summary>Which document encoder the worker loads. Bound from <see cref="SectionName"/>.</summary>
public sealed class EncoderOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "HybridSearch:Encoder";

    /// <summary>
    /// The model: a packaged name (<c>minilm</c>, <c>arctic-xs</c>) or a model folder. <c>fake-hash</c> is a test aid, not
    /// a model: it derives deterministic unit vectors from a hash of each text, so the pipeline can be exercised fast.
    /// </summary>
    public string Model { get; set; } = "minilm";

    /// <summary>ONNX Runtime threads per encoder call; 0 lets the encoder choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>For <c>fake-hash</c> only: time spent per document, to make test runs last long enough to be interrupted.</summary>
    public TimeSpan FakeDelayPerDocument { get; set; }
}
