using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>
/// A stand-in for a model whose vectors anyone can recompute: each text's vector is a unit vector drawn from a generator
/// seeded by the SHA-256 of the text (<see cref="Vector"/>), so equal texts get equal vectors and unequal texts unrelated
/// ones. Tokens are whitespace-separated words; an optional delay per text makes a run slow enough to interrupt.
/// </summary>
public sealed class HashEncoder(
    int dimensions = HashEncoder.DefaultDimensions,
    int maxTokens = HashEncoder.DefaultMaxTokens,
    TimeSpan delayPerText = default,
    string model = HashEncoder.DefaultModel) : TestEncoder
{
    public const string DefaultModel = "fake-hash";
    public const int DefaultDimensions = 384;
    public const int DefaultMaxTokens = 256;

    public override EncoderIdentity Identity { get; } =
        new(model, Convert.ToHexStringLower(SHA256.HashData("fake-hash-v1"u8)), dimensions);

    public override int MaxTokens => maxTokens;

    public override ITextTokenizer Tokenizer { get; } = new WhitespaceTokenizer();

    public override async Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (destination.Length < texts.Count * dimensions)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} floats; {texts.Count * dimensions} needed.", nameof(destination));
        }

        if (delayPerText > TimeSpan.Zero)
        {
            await Task.Delay(delayPerText * texts.Count, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < texts.Count; i++)
        {
            Vector(texts[i] ?? throw new ArgumentNullException(nameof(texts)), destination.Span.Slice(i * dimensions, dimensions));
        }
    }

    /// <summary>
    /// The vector of <paramref name="text"/>: SplitMix64 seeded by SHA-256(UTF-8 text), uniform in [-1, 1), L2-normalised.
    /// </summary>
    public static void Vector(string text, Span<float> destination)
    {
        var seed = BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        for (var i = 0; i < destination.Length; i++)
        {
            seed += 0x9E3779B97F4A7C15UL;
            var z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            destination[i] = (float)(((z >> 11) * (1.0 / (1UL << 53)) * 2) - 1);
        }

        TensorPrimitives.Divide(destination, TensorPrimitives.Norm(destination), destination);
    }

    /// <summary>The vector of <paramref name="text"/> in <paramref name="dimensions"/> dimensions, as a new array.</summary>
    public static float[] Vector(string text, int dimensions)
    {
        var vector = new float[dimensions];
        Vector(text, vector);
        return vector;
    }
}
