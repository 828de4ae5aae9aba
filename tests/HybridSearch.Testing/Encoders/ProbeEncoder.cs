using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>
/// An encoder whose vector for a text describes it: [its length, its token count, its row in the call, 1], then zeros
/// (cut short when there are fewer dimensions), so a test can see which text landed in which row. Tokens are
/// whitespace-separated words. Record its calls with <see cref="RecordingEncoder"/>.
/// </summary>
public sealed class ProbeEncoder(
    string model = "fake", string sha256 = "abc123", int dimensions = 4, int maxTokens = 12, string? derivedFromSha256 = null)
    : TestEncoder
{
    public override EncoderIdentity Identity { get; } = new(model, sha256, dimensions) { DerivedFromSha256 = derivedFromSha256 };

    public override int MaxTokens { get; } = maxTokens;

    public override ITextTokenizer Tokenizer { get; } = new WhitespaceTokenizer();

    public override Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentNullException(nameof(texts));
            var row = destination.Span.Slice(i * dimensions, dimensions);
            row.Clear();
            ReadOnlySpan<float> probe = [text.Length, Tokenizer.CountTokens(text), i, 1];
            probe[..Math.Min(probe.Length, dimensions)].CopyTo(row);
        }

        return Task.CompletedTask;
    }
}
