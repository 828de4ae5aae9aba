using HybridSearch.Ingestion;
using HybridSearch.Encoding;
using HybridSearch.Worker.Testing;
using Microsoft.Extensions.AI;

namespace HybridSearch.Worker.Tests.Fakes;

/// <summary>
/// The hash encoder with test controls: a gate that holds every call until opened, random per-call delays so parallel
/// batches finish out of order, and failure on texts containing <see cref="Poison"/>.
/// </summary>
internal sealed class TestEncoder(int maxTokens = 64) : ITextEncoder
{
    public const string Poison = "POISON";

    private readonly FakeHashEncoder _inner = new(dimensions: 8, maxTokens: maxTokens);
    private int _calls;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool RandomDelays { get; init; }

    public int Calls => Volatile.Read(ref _calls);

    public EncoderIdentity Identity => _inner.Identity;

    public int MaxTokens => _inner.MaxTokens;

    public ITextTokenizer Tokenizer => _inner.Tokenizer;

    public static TestEncoder Open(int maxTokens = 64, bool randomDelays = false)
    {
        var encoder = new TestEncoder(maxTokens) { RandomDelays = randomDelays };
        encoder.Gate.SetResult();
        return encoder;
    }

    public async Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        await Gate.Task.WaitAsync(cancellationToken);
        if (RandomDelays)
        {
            await Task.Delay(Random.Shared.Next(0, 4), cancellationToken);
        }

        if (texts.Any(t => t.Contains(Poison, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("the model choked on a poisoned text");
        }

        await _inner.EncodeAsync(texts, destination, cancellationToken);
    }

    public static float[] Expected(string text)
    {
        var vector = new float[8];
        FakeHashEncoder.Vector(text, vector);
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        this.GenerateEmbeddingsAsync(values, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
