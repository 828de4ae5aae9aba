using HybridSearch.Encoders;

namespace HybridSearch.Chunking;

/// <summary>
/// Splits text into passages of at most <see cref="MaxTokens"/> model tokens, counted by the encoder's own tokenizer:
/// windows overlap by <see cref="ChunkingOptions.Overlap"/> tokens, prefer to end at a sentence boundary in their last
/// part, and start and end on word boundaries where the tokenizer splits words into pieces. Thread-safe.
/// </summary>
public sealed class TextChunker
{
    private readonly ITextTokenizer _tokenizer;
    private readonly ChunkingOptions _options;

    /// <summary>Creates a chunker of windows of at most <paramref name="maxTokens"/> tokens of <paramref name="tokenizer"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public TextChunker(ITextTokenizer tokenizer, int maxTokens, ChunkingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= new ChunkingOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        if (options.Mode == ChunkingMode.Passages && (options.Overlap < 0 || options.Overlap >= maxTokens))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"ChunkingOptions.Overlap is {options.Overlap}; it must lie in [0, {maxTokens}), below the window size.");
        }

        if (!(options.SentenceSearchFraction is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"ChunkingOptions.SentenceSearchFraction is {options.SentenceSearchFraction}; it must lie in [0, 1).");
        }

        _tokenizer = tokenizer;
        // A snapshot: options are mutable, and a chunker (and the content hashes built on it) must not change under its users.
        _options = new ChunkingOptions
        {
            Mode = options.Mode,
            MaxTokens = options.MaxTokens,
            Overlap = options.Overlap,
            SentenceAware = options.SentenceAware,
            SentenceSearchFraction = options.SentenceSearchFraction,
        };
        MaxTokens = maxTokens;
    }

    /// <summary>Longest passage in tokens.</summary>
    public int MaxTokens { get; }

    /// <summary>A copy of the settings in use, taken when the chunker was created.</summary>
    public ChunkingOptions Options => _options;

    /// <summary>
    /// A chunker for <paramref name="encoder"/>'s documents: its tokenizer, and windows of
    /// <see cref="ChunkingOptions.MaxTokens"/> or else the encoder's limit less the special tokens and any document prefix.
    /// </summary>
    public static TextChunker ForEncoder(ITextEncoder encoder, ChunkingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        options ??= new ChunkingOptions();
        var maxTokens = options.MaxTokens ?? DefaultMaxTokens(encoder);
        if (maxTokens <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"Passages of {maxTokens} tokens are impossible: the encoder allows {encoder.MaxTokens} in all.");
        }

        return new TextChunker(encoder.Tokenizer, maxTokens, options);
    }

    /// <summary>Splits <paramref name="text"/>; always at least one passage (an empty text gives one empty passage).</summary>
    public IReadOnlyList<PassageRange> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_options.Mode == ChunkingMode.Truncate)
        {
            // The whole text: the encoder cuts it at its limit, token by token, as published benchmarks do. Cutting here
            // at a character offset could change how the last word tokenizes.
            return [new PassageRange(0, text.Length)];
        }

        var tokens = _tokenizer.Tokenize(text);
        if (tokens.Count <= MaxTokens)
        {
            return [new PassageRange(0, text.Length)];
        }

        return SplitTokens(text, tokens);
    }

    private List<PassageRange> SplitTokens(string text, IReadOnlyList<TokenSpan> tokens)
    {
        var passages = new List<PassageRange>((tokens.Count / Math.Max(1, MaxTokens - _options.Overlap)) + 1);
        var searchTokens = _options.SentenceAware ? (int)(MaxTokens * _options.SentenceSearchFraction) : 0;
        var start = 0;
        while (true)
        {
            var end = Math.Min(start + MaxTokens, tokens.Count);
            if (end < tokens.Count)
            {
                end = ChooseEnd(text, tokens, start, end, searchTokens);
            }

            passages.Add(new PassageRange(tokens[start].Start, tokens[end - 1].End - tokens[start].Start));
            if (end == tokens.Count)
            {
                return passages;
            }

            // Step back by the overlap, then to the start of that word if it starts after this window's start.
            var next = Math.Max(start + 1, end - _options.Overlap);
            var wordStart = next;
            while (wordStart > start + 1 && IsContinuation(text, tokens, wordStart))
            {
                wordStart--;
            }

            start = IsContinuation(text, tokens, wordStart) ? next : wordStart;
        }
    }

    /// <summary>The end (exclusive) of the window [start, limit): a sentence end in its last part, else a word end.</summary>
    private static int ChooseEnd(string text, IReadOnlyList<TokenSpan> tokens, int start, int limit, int searchTokens)
    {
        var floor = Math.Max(start + 1, limit - searchTokens);
        for (var end = limit; end > floor; end--)
        {
            if (IsSentenceEnd(text, tokens, end - 1))
            {
                return end;
            }
        }

        // No sentence boundary: do not split a word between two windows unless the word fills the whole window.
        var wordEnd = limit;
        while (wordEnd > start + 1 && IsContinuation(text, tokens, wordEnd))
        {
            wordEnd--;
        }

        return wordEnd > start + 1 || !IsContinuation(text, tokens, wordEnd) ? wordEnd : limit;
    }

    /// <summary>True when a sentence ends after token <paramref name="index"/>.</summary>
    private static bool IsSentenceEnd(string text, IReadOnlyList<TokenSpan> tokens, int index)
    {
        var tokenEnd = tokens[index].End;
        var last = text[tokenEnd - 1];
        var nextStart = index + 1 < tokens.Count ? tokens[index + 1].Start : text.Length;
        if (last is '.' or '!' or '?' && (tokenEnd == text.Length || char.IsWhiteSpace(text[tokenEnd])))
        {
            return true;
        }

        return text.AsSpan(tokenEnd, nextStart - tokenEnd).IndexOfAny('\n', '\r') >= 0;
    }

    /// <summary>True when token <paramref name="index"/> continues the previous token's word (a word piece such as ##ing).</summary>
    private static bool IsContinuation(string text, IReadOnlyList<TokenSpan> tokens, int index)
    {
        var previousEnd = tokens[index - 1].End;
        var start = tokens[index].Start;
        return start == previousEnd && start > 0 && start < text.Length
            && char.IsLetterOrDigit(text[start - 1]) && char.IsLetterOrDigit(text[start]);
    }

    private static int DefaultMaxTokens(ITextEncoder encoder)
    {
        var maxTokens = encoder.MaxTokens - ChunkingOptions.SpecialTokens;
        // A document prefix is encoded before every passage and counts against the model's limit.
        if (encoder.GetService(typeof(PrefixedTextEncoder)) is PrefixedTextEncoder prefixed)
        {
            maxTokens -= encoder.Tokenizer.CountTokens(prefixed.Prefix);
        }

        return maxTokens;
    }
}
