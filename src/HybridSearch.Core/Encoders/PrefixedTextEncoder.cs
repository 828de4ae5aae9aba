namespace HybridSearch.Encoders;

/// <summary>
/// Puts a fixed instruction before every text (arctic-xs wants one on queries). The prefix counts against the model's
/// token limit, as it does in the reference implementation.
/// </summary>
internal sealed class PrefixedTextEncoder(ITextEncoder innerEncoder, string prefix) : DelegatingTextEncoder(innerEncoder)
{
    public string Prefix { get; } = prefix;

    public override Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var prefixed = new string[texts.Count];
        for (var i = 0; i < prefixed.Length; i++)
        {
            var text = texts[i] ?? throw new ArgumentNullException(nameof(texts), $"Text {i} is null.");
            prefixed[i] = string.Concat(Prefix, text);
        }

        return InnerEncoder.EncodeAsync(prefixed, destination, cancellationToken);
    }
}
