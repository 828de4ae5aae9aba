using HybridSearch.Encoders;
using Microsoft.ML.Tokenizers;

namespace HybridSearch.Onnx.Internal.Tokenization;

/// <summary>
/// Microsoft.ML.Tokenizers' WordPiece <see cref="BertTokenizer"/> configured to give the same ids as the reference BERT
/// tokenizer (HuggingFace tokenizers): our <see cref="BertTextNormalizer"/> and <see cref="BertWordPreTokenizer"/>, no
/// special-token matching inside user text, and truncation that cuts mid-word at exactly the model's limit. Immutable and
/// safe for concurrent callers.
/// </summary>
internal sealed class BertTextTokenizer : ITextTokenizer
{
    // A word longer than MaxInputCharsPerWord (100) becomes one [UNK], so no word yields more than 100 tokens.
    private const int LongestWordInTokens = 100;

    private readonly BertTokenizer _tokenizer;
    private readonly BertTextNormalizer _normalizer;

    private BertTextTokenizer(BertTokenizer tokenizer, BertTextNormalizer normalizer, int maxTokens)
    {
        _tokenizer = tokenizer;
        _normalizer = normalizer;
        MaxTokens = maxTokens;
    }

    /// <summary>Longest sequence, <c>[CLS]</c> and <c>[SEP]</c> included.</summary>
    public int MaxTokens { get; }

    public int ClassificationTokenId => _tokenizer.ClassificationTokenId;

    public int SeparatorTokenId => _tokenizer.SeparatorTokenId;

    public int PaddingTokenId => _tokenizer.PaddingTokenId;

    /// <exception cref="InvalidDataException">The vocabulary cannot be read or lacks a special token.</exception>
    public static BertTextTokenizer Create(string vocabularyPath, bool lowerCase, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        var normalizer = new BertTextNormalizer(lowerCase);
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = lowerCase,
            IndividuallyTokenizeCjk = true,
            ApplyBasicTokenization = true,
            // The reference treats "[SEP]" typed by a user as ordinary text; so do we (no injected special tokens).
            SplitOnSpecialTokens = false,
            MaxInputCharsPerWord = LongestWordInTokens,
            Normalizer = normalizer,
            PreTokenizer = BertWordPreTokenizer.Instance,
        };
        try
        {
            return new BertTextTokenizer(BertTokenizer.Create(vocabularyPath, options), normalizer, maxTokens);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Vocabulary '{vocabularyPath}' is not a BERT WordPiece vocabulary: {e.Message}", e);
        }
    }

    /// <summary>
    /// Ids of <paramref name="text"/> without special tokens. The caller keeps the first
    /// <see cref="ContentBudget"/> of them: the list may be longer, never shorter than the truncated sequence.
    /// </summary>
    public IReadOnlyList<int> EncodeContent(string text)
    {
        // The library truncates at word boundaries, up to a word short; asking for one longest word more and cutting
        // afterwards gives the reference's mid-word cut without tokenising all of a huge text.
        return _tokenizer.EncodeToIds(text, ContentBudget + LongestWordInTokens, addSpecialTokens: false, out _, out _);
    }

    /// <summary>Content tokens that fit beside <c>[CLS]</c> and <c>[SEP]</c>.</summary>
    public int ContentBudget => MaxTokens - 2;

    /// <summary>The full sequence the model sees: <c>[CLS]</c>, content truncated to the limit, <c>[SEP]</c>.</summary>
    public int[] EncodeSequence(string text)
    {
        var content = EncodeContent(text);
        var length = Math.Min(content.Count, ContentBudget);
        var sequence = new int[length + 2];
        sequence[0] = ClassificationTokenId;
        for (var i = 0; i < length; i++)
        {
            sequence[i + 1] = content[i];
        }

        sequence[^1] = SeparatorTokenId;
        return sequence;
    }

    /// <inheritdoc />
    public IReadOnlyList<TokenSpan> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var origins = new List<int>(text.Length + 1);
        var normalized = _normalizer.Normalize(text.AsSpan(), origins);
        var tokens = _tokenizer.EncodeToTokens(normalized, out _, considerPreTokenization: true, considerNormalization: false);
        var spans = new TokenSpan[tokens.Count];
        for (var i = 0; i < spans.Length; i++)
        {
            var (offset, length) = tokens[i].Offset.GetOffsetAndLength(normalized.Length);
            var start = origins[offset];
            var last = origins[offset + length - 1];
            var end = last + (char.IsHighSurrogate(text[last]) && last + 1 < text.Length ? 2 : 1);
            spans[i] = new TokenSpan(start, end);
        }

        return spans;
    }

    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokenizer.CountTokens(text);
    }
}
