using System.Text;
using Microsoft.ML.Tokenizers;

namespace HybridSearch.Onnx.Internal.Tokenization;

/// <summary>
/// The reference <c>BertPreTokenizer</c>: words are split at whitespace (which is dropped) and every punctuation
/// character (see <see cref="BertCharacters.IsPunctuation"/>) is a word of its own. The library's default
/// (<c>\w+|[\p{P}]</c>) instead drops symbols such as <c>+ = &lt; &gt; $ ^ | ~ ± ≥ ×</c> and keeps <c>_</c> inside words.
/// </summary>
internal sealed class BertWordPreTokenizer : PreTokenizer
{
    public static BertWordPreTokenizer Instance { get; } = new();

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Split(text.AsSpan());
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text);

    private static List<(int Offset, int Length)> Split(ReadOnlySpan<char> text)
    {
        var words = new List<(int Offset, int Length)>(text.Length / 5 + 1);
        var wordStart = -1;
        var index = 0;
        while (index < text.Length)
        {
            Rune.DecodeFromUtf16(text[index..], out var rune, out var consumed);
            if (BertCharacters.IsWhitespace(rune))
            {
                Close(words, ref wordStart, index);
            }
            else if (BertCharacters.IsPunctuation(rune))
            {
                Close(words, ref wordStart, index);
                words.Add((index, consumed));
            }
            else if (wordStart < 0)
            {
                wordStart = index;
            }

            index += consumed;
        }

        Close(words, ref wordStart, text.Length);
        return words;
    }

    private static void Close(List<(int Offset, int Length)> words, ref int wordStart, int end)
    {
        if (wordStart >= 0)
        {
            words.Add((wordStart, end - wordStart));
            wordStart = -1;
        }
    }
}
