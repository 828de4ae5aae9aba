using HybridSearch.Encoders;

namespace HybridSearch.Evaluation.Tests;

/// <summary>Passes texts to the encoder it wraps and counts them, to tell what was encoded from what came from a cache.</summary>
internal sealed class CountingEncoder(ITextEncoder inner) : DelegatingTextEncoder(inner)
{
    private int _texts;

    public int Texts => Volatile.Read(ref _texts);

    public override Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _texts, texts.Count);
        return base.EncodeAsync(texts, destination, cancellationToken);
    }
}
