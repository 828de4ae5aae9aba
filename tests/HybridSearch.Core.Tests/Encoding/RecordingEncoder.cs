using HybridSearch.Encoding;
using Microsoft.Extensions.AI;

namespace HybridSearch.Core.Tests.Encoding;

/// <summary>A fake encoder that records the texts it was given and writes each text's length into every dimension.</summary>
internal sealed class RecordingEncoder(string model, int dimensions) : ITextEncoder
{
    public List<string> Texts { get; } = [];

    public bool Disposed { get; private set; }

    public EncoderIdentity Identity { get; } = new(model, "ab12", dimensions);

    public int MaxTokens => 128;

    public ITextTokenizer Tokenizer => throw new NotSupportedException();

    public Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < texts.Count; i++)
        {
            Texts.Add(texts[i]);
            destination.Span.Slice(i * dimensions, dimensions).Fill(texts[i].Length);
        }

        return Task.CompletedTask;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        this.GenerateEmbeddingsAsync(values, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => Disposed = true;
}
