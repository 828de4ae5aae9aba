using System.Security.Cryptography;
using HybridSearch.Encoders;
using Microsoft.Extensions.AI;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// Lets any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> serve as the query and document encoder. Its identity is
/// the provider and model id it reports (hashed in place of weights it does not expose) and the dimensions it declares.
/// </summary>
internal sealed class EmbeddingGeneratorTextEncoder : ITextEncoder
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;

    public EmbeddingGeneratorTextEncoder(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var dimensions = metadata?.DefaultModelDimensions ?? throw new InvalidOperationException(
            $"The registered embedding generator ({generator.GetType().FullName}) does not declare its vector size " +
            "(EmbeddingGeneratorMetadata.DefaultModelDimensions); HybridSearch needs it to size indexes.");
        var model = metadata.DefaultModelId ?? metadata.ProviderName ?? generator.GetType().FullName ?? "embedding-generator";
        var name = $"{metadata.ProviderName}/{model}";
        Identity = new EncoderIdentity(model, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))), dimensions);
    }

    public EncoderIdentity Identity { get; }

    /// <summary>Unknown: the generator truncates (or refuses) long texts itself.</summary>
    public int MaxTokens => int.MaxValue;

    public ITextTokenizer Tokenizer { get; } = new WordTokenizer();

    public async Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var dimensions = Identity.Dimensions;
        if (destination.Length < texts.Count * dimensions)
        {
            throw new ArgumentException($"The destination is shorter than {texts.Count} × {dimensions} floats.", nameof(destination));
        }

        var embeddings = await _generator.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != texts.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} embeddings for {texts.Count} texts.");
        }

        for (var i = 0; i < embeddings.Count; i++)
        {
            var vector = embeddings[i].Vector;
            if (vector.Length != dimensions)
            {
                throw new InvalidOperationException(
                    $"The embedding generator returned {vector.Length} dimensions for text {i}; it declared {dimensions}.");
            }

            vector.CopyTo(destination.Slice(i * dimensions, dimensions));
        }
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _generator.GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _generator.GetService(serviceType, serviceKey);
    }

    /// <summary>The generator belongs to its own registration.</summary>
    public void Dispose()
    {
    }
}
