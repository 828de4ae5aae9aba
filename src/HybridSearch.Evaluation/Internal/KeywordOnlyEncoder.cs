using HybridSearch.Encoders;
using Microsoft.Extensions.AI;

namespace HybridSearch.Evaluation.Internal;

/// <summary>
/// The "encoder" of a BM25-only evaluation index: every text gets the same one-dimensional unit vector, so the pipeline
/// writes documents whose keyword fields are all that is ever searched, without loading a model.
/// </summary>
internal sealed class KeywordOnlyEncoder : ITextEncoder
{
    public static readonly KeywordOnlyEncoder Instance = new();

    private KeywordOnlyEncoder()
    {
    }

    public EncoderIdentity Identity => EvaluationCorpus.KeywordOnly;

    // Truncate chunking never cuts a text, whatever this says; the pipeline only uses it to size batches.
    public int MaxTokens => 512;

    public ITextTokenizer Tokenizer { get; } = new NoTokenizer();

    public Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        destination.Span[..texts.Count].Fill(1f);
        return Task.CompletedTask;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        this.GenerateEmbeddingsAsync(values, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType?.IsInstanceOfType(this) == true ? this : null;

    public void Dispose()
    {
    }

    // Truncate chunking never tokenizes; a whole text counts as one token should anything ask.
    private sealed class NoTokenizer : ITextTokenizer
    {
        public IReadOnlyList<TokenSpan> Tokenize(string text) => [new TokenSpan(0, text.Length)];

        public int CountTokens(string text) => 1;
    }
}
