using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>
/// An encoder that maps each text to the unit vector of the axis named by its first character ('a' → axis 0, …), so tests
/// choose query vectors by wording. Tokens are whitespace-separated words.
/// </summary>
public sealed class AxisEncoder(EncoderIdentity identity) : TestEncoder
{
    public override EncoderIdentity Identity { get; } = identity;

    public override int MaxTokens => 128;

    public override ITextTokenizer Tokenizer { get; } = new WhitespaceTokenizer();

    public override Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        var dimensions = Identity.Dimensions;
        destination.Span[..(texts.Count * dimensions)].Clear();
        for (var i = 0; i < texts.Count; i++)
        {
            var axis = texts[i].Length == 0 ? 0 : (char.ToLowerInvariant(texts[i][0]) - 'a') % dimensions;
            destination.Span[(i * dimensions) + Math.Max(axis, 0)] = 1;
        }

        return Task.CompletedTask;
    }
}
