using HybridSearch.Encoding;
using Microsoft.Extensions.AI;

namespace HybridSearch.Core.Tests.Fakes;

/// <summary>
/// An encoder whose vector for a text is [its length, its token count, its position in the call, 1]: easy to check
/// which text landed in which row. Records every call.
/// </summary>
internal sealed class FakeTextEncoder(string model = "fake", string sha256 = "abc123", int maxTokens = 12) : ITextEncoder
{
    public EncoderIdentity Identity { get; } = new(model, sha256, 4);

    public int MaxTokens { get; } = maxTokens;

    public ITextTokenizer Tokenizer { get; } = new WhitespaceTokenizer();

    public List<IReadOnlyList<string>> Calls { get; } = [];

    public CancellationToken LastToken { get; private set; }

    public Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        Calls.Add(texts.ToList());
        LastToken = cancellationToken;
        var span = destination.Span;
        for (var i = 0; i < texts.Count; i++)
        {
            span[i * 4] = texts[i].Length;
            span[(i * 4) + 1] = Tokenizer.CountTokens(texts[i]);
            span[(i * 4) + 2] = i;
            span[(i * 4) + 3] = 1;
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
