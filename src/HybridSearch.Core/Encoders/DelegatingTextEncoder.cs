using Microsoft.Extensions.AI;

namespace HybridSearch.Encoders;

/// <summary>
/// Base for decorators of an <see cref="ITextEncoder"/> (a query prefix, a query adapter, caching, telemetry): everything
/// is passed to <see cref="InnerEncoder"/> unless overridden.
/// </summary>
public abstract class DelegatingTextEncoder : ITextEncoder
{
    /// <summary>Wraps <paramref name="innerEncoder"/>.</summary>
    protected DelegatingTextEncoder(ITextEncoder innerEncoder)
    {
        ArgumentNullException.ThrowIfNull(innerEncoder);
        InnerEncoder = innerEncoder;
    }

    /// <summary>The encoder this one decorates.</summary>
    protected ITextEncoder InnerEncoder { get; }

    /// <inheritdoc />
    public virtual EncoderIdentity Identity => InnerEncoder.Identity;

    /// <inheritdoc />
    public virtual int MaxTokens => InnerEncoder.MaxTokens;

    /// <inheritdoc />
    public virtual ITextTokenizer Tokenizer => InnerEncoder.Tokenizer;

    /// <inheritdoc />
    public virtual Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default) =>
        InnerEncoder.EncodeAsync(texts, destination, cancellationToken);

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        this.GenerateEmbeddingsAsync(values, cancellationToken);

    /// <inheritdoc />
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerEncoder.GetService(serviceType, serviceKey);
    }

    /// <summary>Does not dispose <see cref="InnerEncoder"/>: whoever created it owns it.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases this decorator's own resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
