using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>One token per run of non-whitespace characters; <see cref="PieceLength"/> > 0 also cuts words into pieces.</summary>
public sealed class WhitespaceTokenizer : ITextTokenizer
{
    /// <summary>When positive, each word becomes pieces of this many characters (like WordPiece's ##pieces).</summary>
    public int PieceLength { get; init; }

    public IReadOnlyList<TokenSpan> Tokenize(string text)
    {
        var tokens = new List<TokenSpan>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (PieceLength <= 0)
            {
                tokens.Add(new TokenSpan(start, i));
                continue;
            }

            for (var p = start; p < i; p += PieceLength)
            {
                tokens.Add(new TokenSpan(p, Math.Min(i, p + PieceLength)));
            }
        }

        return tokens;
    }

    public int CountTokens(string text) => Tokenize(text).Count;
}
