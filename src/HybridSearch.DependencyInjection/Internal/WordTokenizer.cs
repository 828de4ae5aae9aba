using HybridSearch.Encoders;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>Letters-and-digits runs: a stand-in tokenizer for encoders that do not expose their own.</summary>
internal sealed class WordTokenizer : ITextTokenizer
{
    public IReadOnlyList<TokenSpan> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<TokenSpan>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                tokens.Add(new TokenSpan(start, i));
                start = -1;
            }
        }

        return tokens;
    }

    public int CountTokens(string text) => Tokenize(text).Count;
}
