namespace HybridSearch.Encoders;

/// <summary>
/// The encoder's own view of a text as model tokens. Chunking counts in these tokens, so passages fit the model exactly.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>Tokens of <paramref name="text"/> in order, without special tokens such as <c>[CLS]</c> and <c>[SEP]</c>.</summary>
    IReadOnlyList<TokenSpan> Tokenize(string text);

    /// <summary>Number of tokens <see cref="Tokenize"/> would return.</summary>
    int CountTokens(string text);
}
