using Microsoft.Extensions.AI;

namespace HybridSearch.Encoders;

/// <summary>
/// Turns texts into fixed-size vectors. The one extension point for models: ONNX models implement it, and so can any
/// other embedding source. It is also an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, so it plugs into
/// Microsoft.Extensions.AI. Implementations are safe for concurrent callers.
/// </summary>
public interface ITextEncoder : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Model, weights hash and dimensions of the vectors this encoder produces.</summary>
    EncoderIdentity Identity { get; }

    /// <summary>Longest input in model tokens, special tokens included; longer texts are truncated.</summary>
    int MaxTokens { get; }

    /// <summary>The model's tokenizer, for chunking texts into passages that fit <see cref="MaxTokens"/>.</summary>
    ITextTokenizer Tokenizer { get; }

    /// <summary>
    /// Encodes <paramref name="texts"/> into <paramref name="destination"/>, row <c>i</c> (of
    /// <see cref="EncoderIdentity.Dimensions"/> floats) holding text <c>i</c>: results come back in input order.
    /// </summary>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than texts × dimensions.</exception>
    Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default);
}
