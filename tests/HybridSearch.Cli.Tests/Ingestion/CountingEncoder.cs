using HybridSearch.Encoding;
using Microsoft.Extensions.AI;

namespace HybridSearch.Cli.Tests.Ingestion;

/// <summary>A deterministic stand-in for an ONNX model: letter counts folded into 4 dimensions, normalised; counts texts.</summary>
internal sealed class CountingEncoder : ITextEncoder
{
    public EncoderIdentity Identity { get; } = new("fake", new string('c', 64), 4);

    public int MaxTokens => 256;

    // Whitespace words, borrowed from the worker's fake model: enough for the chunker to cut passages.
    public ITextTokenizer Tokenizer { get; } = new HybridSearch.Testing.FakeHashEncoder().Tokenizer;

    public int TextsEncoded { get; private set; }

    public Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < texts.Count; i++)
        {
            var row = destination.Span.Slice(i * 4, 4);
            row.Clear();
            foreach (var c in texts[i].ToLowerInvariant())
            {
                if (char.IsLetter(c))
                {
                    row[c % 4] += 1;
                }
            }

            var norm = MathF.Sqrt((row[0] * row[0]) + (row[1] * row[1]) + (row[2] * row[2]) + (row[3] * row[3]));
            for (var d = 0; d < 4; d++)
            {
                row[d] = norm == 0 ? 0.5f : row[d] / norm;
            }
        }

        TextsEncoded += texts.Count;
        return Task.CompletedTask;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        this.GenerateEmbeddingsAsync(values, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
