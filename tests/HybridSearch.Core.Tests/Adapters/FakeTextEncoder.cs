using HybridSearch.Encoders;
using Microsoft.Extensions.AI;

namespace HybridSearch.Core.Tests.Adapters;

/// <summary>A deterministic encoder for tests: each text maps to a unit vector derived from its characters, or a given one.</summary>
internal sealed class FakeTextEncoder(EncoderIdentity identity, IReadOnlyDictionary<string, float[]>? vectors = null) : ITextEncoder
{
    public EncoderIdentity Identity { get; } = identity;

    public int MaxTokens => 512;

    public ITextTokenizer Tokenizer => throw new NotSupportedException("The fake encoder has no tokenizer.");

    public List<string> Encoded { get; } = [];

    public static float[] VectorOf(string text, int dimensions)
    {
        // FNV-1a of the text seeds the vector: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        var random = new Random((int)hash);
        var vector = new float[dimensions];
        var norm = 0.0;
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(random.NextDouble() - 0.5);
            norm += vector[i] * vector[i];
        }

        for (var i = 0; i < dimensions; i++)
        {
            vector[i] /= (float)Math.Sqrt(norm);
        }

        return vector;
    }

    public Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        var d = Identity.Dimensions;
        for (var i = 0; i < texts.Count; i++)
        {
            Encoded.Add(texts[i]);
            var vector = vectors is not null && vectors.TryGetValue(texts[i], out var known) ? known : VectorOf(texts[i], d);
            vector.CopyTo(destination.Span.Slice(i * d, d));
        }

        return Task.CompletedTask;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        this.GenerateEmbeddingsAsync(values, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
