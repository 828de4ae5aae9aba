using System.Globalization;
using System.Text;

namespace HybridSearch.Onnx.Internal.Tokenization;

/// <summary>
/// Character classes of the reference BERT tokenizer (HuggingFace tokenizers' <c>BertNormalizer</c> and
/// <c>BertPreTokenizer</c>), which Microsoft.ML.Tokenizers' defaults do not reproduce.
/// </summary>
internal static class BertCharacters
{
    /// <summary>Tab, newline, carriage return and every Unicode White_Space character.</summary>
    public static bool IsWhitespace(Rune rune) => Rune.IsWhiteSpace(rune);

    /// <summary>
    /// Control, format, unassigned, private-use and surrogate code points, except tab, newline and carriage return
    /// (which count as whitespace). The reference removes these before anything else.
    /// </summary>
    public static bool IsControl(Rune rune)
    {
        var value = rune.Value;
        if (value is '\t' or '\n' or '\r')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>
    /// ASCII punctuation (which includes symbols such as <c>$ + &lt; = &gt; ^ ` | ~</c>) or any Unicode punctuation
    /// category. Each such character becomes a word of its own; symbols outside ASCII (<c>± ≥ ×</c>) do not split words.
    /// </summary>
    public static bool IsPunctuation(Rune rune)
    {
        var value = rune.Value;
        if (value < 128)
        {
            return value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126);
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>CJK ideographs, which the reference surrounds with spaces so that each is a word of its own.</summary>
    public static bool IsChinese(Rune rune) => rune.Value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF)
        or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F)
        or (>= 0x2B920 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
