using Microsoft.Extensions.AI;

namespace HybridSearch.Encoders;

/// <summary>Conveniences over <see cref="ITextEncoder"/>.</summary>
public static class TextEncoderExtensions
{
    /// <summary>Encodes one text into a new vector.</summary>
    public static async Task<float[]> EncodeAsync(this ITextEncoder encoder, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[encoder.Identity.Dimensions];
        await encoder.EncodeAsync([text], vector, cancellationToken).ConfigureAwait(false);
        return vector;
    }

    /// <summary>Encodes texts into one new row-major matrix (texts × dimensions).</summary>
    public static async Task<float[]> EncodeAsync(
        this ITextEncoder encoder, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(texts);
        var matrix = new float[texts.Count * encoder.Identity.Dimensions];
        await encoder.EncodeAsync(texts, matrix, cancellationToken).ConfigureAwait(false);
        return matrix;
    }

    /// <summary>
    /// The <see cref="IEmbeddingGenerator{TInput, TEmbedding}.GenerateAsync"/> of any <see cref="ITextEncoder"/>:
    /// encoders implement that method by calling this, so the Microsoft.Extensions.AI view behaves the same everywhere.
    /// </summary>
    public static async Task<GeneratedEmbeddings<Embedding<float>>> GenerateEmbeddingsAsync(
        this ITextEncoder encoder, IEnumerable<string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var dimensions = encoder.Identity.Dimensions;
        var matrix = new float[texts.Count * dimensions];
        await encoder.EncodeAsync(texts, matrix, cancellationToken).ConfigureAwait(false);
        var created = DateTimeOffset.UtcNow;
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            // Each embedding views its own slice of one matrix: one allocation for the batch.
            embeddings.Add(new Embedding<float>(matrix.AsMemory(i * dimensions, dimensions))
            {
                ModelId = encoder.Identity.Model,
                CreatedAt = created,
            });
        }

        return embeddings;
    }
}
