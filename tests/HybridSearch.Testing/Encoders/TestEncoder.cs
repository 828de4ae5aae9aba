using HybridSearch.Encoders;
using Microsoft.Extensions.AI;

namespace HybridSearch.Testing;

/// <summary>Base of the fake models: the embedding-generator view, service lookup and disposal they all share.</summary>
public abstract class TestEncoder : ITextEncoder
{
    public abstract EncoderIdentity Identity { get; }

    public abstract int MaxTokens { get; }

    public abstract ITextTokenizer Tokenizer { get; }

    public abstract Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        this.GenerateEmbeddingsAsync(values, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A fake holds nothing to release.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
