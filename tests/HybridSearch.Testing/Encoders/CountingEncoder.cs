using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>Counts the calls and texts that reach the encoder it decorates (a call counts on arrival, before it finishes).</summary>
public sealed class CountingEncoder(ITextEncoder innerEncoder) : DelegatingTextEncoder(innerEncoder)
{
    private int _calls;
    private int _texts;

    /// <summary>How many times <see cref="EncodeAsync"/> was called.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>How many texts were passed in all.</summary>
    public int Texts => Volatile.Read(ref _texts);

    public override Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _texts, texts.Count);
        return InnerEncoder.EncodeAsync(texts, destination, cancellationToken);
    }
}
