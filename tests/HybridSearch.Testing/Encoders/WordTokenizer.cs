using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>Runs of letters and digits, the tokenizer of <see cref="BagOfWordsEncoder"/> and <see cref="InMemorySearchBackend"/>.</summary>
public sealed class WordTokenizer : ITextTokenizer
{
    public IReadOnlyList<TokenSpan> Tokenize(string text)
    {
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
