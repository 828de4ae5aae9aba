using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace HybridSearch.Onnx.Internal.Tokenization;

/// <summary>
/// The reference BERT normalisation, in the reference order: drop control characters and map whitespace to spaces,
/// put spaces around CJK ideographs, then (uncased models) decompose to NFD, drop non-spacing marks and lower-case.
/// Unlike the library's <c>BertNormalizer</c> it strips accents with ICU normalisation per character and can report,
/// for every output character, the range of input characters it came from (for token spans in the original text).
/// </summary>
internal sealed class BertTextNormalizer(bool lowerCase) : Normalizer
{
    // Longest canonical decomposition of one code point is 4 code points (at most 8 UTF-16 units); 32 leaves room.
    private const int DecompositionBufferLength = 32;

    public bool LowerCase { get; } = lowerCase;

    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        return Normalize(original.AsSpan(), null);
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original, null);

    /// <summary>
    /// Normalises <paramref name="text"/>; when <paramref name="origins"/> is given, appends for each output character the
    /// index of the first input character of the code point it came from, followed by one final entry equal to the
    /// input length.
    /// </summary>
    public string Normalize(ReadOnlySpan<char> text, List<int>? origins)
    {
        var builder = new StringBuilder(text.Length + 8);
        Span<char> decomposed = stackalloc char[DecompositionBufferLength];
        Span<char> encoded = stackalloc char[2];
        var index = 0;
        while (index < text.Length)
        {
            // Ill-formed UTF-16 decodes to U+FFFD, which is then removed like the reference removes it.
            Rune.DecodeFromUtf16(text[index..], out var rune, out var consumed);
            var origin = index;
            index += consumed;
            if (rune.Value is 0 or 0xFFFD || BertCharacters.IsControl(rune))
            {
                continue;
            }

            if (BertCharacters.IsWhitespace(rune))
            {
                Append(builder, origins, ' ', origin);
                continue;
            }

            if (BertCharacters.IsChinese(rune))
            {
                Append(builder, origins, ' ', origin);
                AppendRune(builder, origins, rune, origin, encoded);
                Append(builder, origins, ' ', origin);
                continue;
            }

            if (!LowerCase)
            {
                AppendRune(builder, origins, rune, origin, encoded);
            }
            else if (rune.IsAscii)
            {
                Append(builder, origins, (char)Rune.ToLowerInvariant(rune).Value, origin);
            }
            else
            {
                AppendStrippedLowerCase(builder, origins, text.Slice(origin, consumed), origin, decomposed, encoded);
            }
        }

        origins?.Add(text.Length);
        return builder.ToString();
    }

    private static void AppendStrippedLowerCase(
        StringBuilder builder, List<int>? origins, ReadOnlySpan<char> codePoint, int origin, Span<char> decomposed, Span<char> encoded)
    {
        ReadOnlySpan<char> form = codePoint;
        if (codePoint.TryNormalize(decomposed, out var written, NormalizationForm.FormD))
        {
            form = decomposed[..written];
        }

        var index = 0;
        while (index < form.Length)
        {
            Rune.DecodeFromUtf16(form[index..], out var part, out var consumed);
            index += consumed;
            if (Rune.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
            {
                AppendRune(builder, origins, Rune.ToLowerInvariant(part), origin, encoded);
            }
        }
    }

    private static void AppendRune(StringBuilder builder, List<int>? origins, Rune rune, int origin, Span<char> encoded)
    {
        var length = rune.EncodeToUtf16(encoded);
        for (var i = 0; i < length; i++)
        {
            Append(builder, origins, encoded[i], origin);
        }
    }

    private static void Append(StringBuilder builder, List<int>? origins, char value, int origin)
    {
        builder.Append(value);
        origins?.Add(origin);
    }
}
