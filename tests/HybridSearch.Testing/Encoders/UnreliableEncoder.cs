using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>
/// Makes the encoder it decorates misbehave as real ones do: random delays per call (so parallel batches finish out of
/// order) and a failure on any batch holding a text that contains <see cref="Poison"/>.
/// </summary>
public sealed class UnreliableEncoder(ITextEncoder innerEncoder) : DelegatingTextEncoder(innerEncoder)
{
    /// <summary>A text containing this makes its whole batch fail.</summary>
    public const string Poison = "POISON";

    /// <summary>Longest random delay per call; none when zero.</summary>
    public TimeSpan MaxDelay { get; init; }

    public override async Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (MaxDelay > TimeSpan.Zero)
        {
            await Task.Delay(Random.Shared.Next(0, (int)MaxDelay.TotalMilliseconds + 1), cancellationToken).ConfigureAwait(false);
        }

        foreach (var text in texts)
        {
            if (text.Contains(Poison, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the model choked on a poisoned text");
            }
        }

        await InnerEncoder.EncodeAsync(texts, destination, cancellationToken).ConfigureAwait(false);
    }
}
