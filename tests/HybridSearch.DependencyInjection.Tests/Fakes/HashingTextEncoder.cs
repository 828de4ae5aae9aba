using HybridSearch.Encoding;
using Microsoft.Extensions.AI;

namespace HybridSearch.Testing;

/// <summary>
/// A fast, deterministic stand-in for a model: each lower-cased word adds ±1 to one of <c>dimensions</c> buckets chosen by
/// its FNV-1a hash, then the vector is scaled to unit length. Texts sharing words point the same way. Counts its calls.
/// </summary>
public sealed class HashingTextEncoder : ITextEncoder
{
    private int _calls;
    private int _texts;

    public HashingTextEncoder(int dimensions = 64, string model = "hashing-test")
    {
        Identity = new EncoderIdentity(model, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{model}/{dimensions}"))), dimensions);
    }

    public EncoderIdentity Identity { get; }

    public int MaxTokens => 512;

    public ITextTokenizer Tokenizer { get; } = new WordSplitter();

    /// <summary>How many times <see cref="EncodeAsync"/> ran.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>How many texts were encoded in all.</summary>
    public int Texts => Volatile.Read(ref _texts);

    public Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _texts, texts.Count);
        var dimensions = Identity.Dimensions;
        for (var i = 0; i < texts.Count; i++)
        {
            var row = destination.Span.Slice(i * dimensions, dimensions);
            row.Clear();
            var text = texts[i];
            foreach (var token in Tokenizer.Tokenize(text))
            {
                var hash = 2166136261u;
                for (var c = token.Start; c < token.End; c++)
                {
                    hash = (hash ^ char.ToLowerInvariant(text[c])) * 16777619u;
                }

                row[(int)(hash % (uint)dimensions)] += (hash & 0x80000000u) == 0 ? 1f : -1f;
            }

            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(row));
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
            }
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
