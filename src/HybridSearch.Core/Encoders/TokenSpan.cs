namespace HybridSearch.Encoders;

/// <summary>One model token of a text, as the character range of the text it came from.</summary>
/// <param name="Start">Index of the token's first character in the text.</param>
/// <param name="End">Index one past the token's last character.</param>
public readonly record struct TokenSpan(int Start, int End);
