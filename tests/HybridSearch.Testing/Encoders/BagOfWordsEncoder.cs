using System.Numerics.Tensors;
using System.Security.Cryptography;
using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>
/// A fast, deterministic stand-in for a model whose vectors carry meaning: each lower-cased word adds ±1 to one of
/// <c>dimensions</c> buckets chosen by its FNV-1a hash, then the vector is scaled to unit length. Texts sharing words point
/// the same way, so semantic search ranks them sensibly. Count its calls with <see cref="CountingEncoder"/>.
/// </summary>
public sealed class BagOfWordsEncoder(int dimensions = 64, string model = "hashing-test") : TestEncoder
{
    public override EncoderIdentity Identity { get; } = new(
        model, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{model}/{dimensions}"))), dimensions);

    public override int MaxTokens => 512;

    public override ITextTokenizer Tokenizer { get; } = new WordTokenizer();

    public override Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
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

            var norm = MathF.Sqrt(TensorPrimitives.SumOfSquares(row));
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }

        return Task.CompletedTask;
    }
}
