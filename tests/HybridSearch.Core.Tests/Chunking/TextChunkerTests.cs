using System.Text;
using HybridSearch.Chunking;
using HybridSearch.Testing;
using HybridSearch.Encoders;

namespace HybridSearch.Core.Tests.Chunking;

public sealed class TextChunkerTests
{
    private static readonly WhitespaceTokenizer Words = new();

    [Fact]
    public void A_text_within_the_limit_is_one_passage_covering_all_of_it()
    {
        const string text = "  one two three  ";
        var chunker = new TextChunker(Words, 3, new ChunkingOptions { Overlap = 1 });
        Assert.Equal([new PassageRange(0, text.Length)], chunker.Split(text));
    }

    [Fact]
    public void An_empty_text_is_one_empty_passage()
    {
        var chunker = new TextChunker(Words, 5, new ChunkingOptions { Overlap = 1 });
        Assert.Equal([new PassageRange(0, 0)], chunker.Split(string.Empty));
        Assert.Equal([new PassageRange(0, 3)], chunker.Split("   "));
    }

    [Fact]
    public void Exactly_max_tokens_is_one_passage_and_one_more_makes_two()
    {
        var options = new ChunkingOptions { Overlap = 0, SentenceAware = false };
        var chunker = new TextChunker(Words, 4, options);
        Assert.Single(chunker.Split("w0 w1 w2 w3"));
        Assert.Equal(["w0 w1 w2 w3", "w4"], Texts("w0 w1 w2 w3 w4", chunker));
    }

    [Fact]
    public void Consecutive_windows_share_the_overlap()
    {
        // max 4, overlap 1: [w0..w3], then back one token: [w3..w6], [w6..w9].
        var chunker = new TextChunker(Words, 4, new ChunkingOptions { Overlap = 1, SentenceAware = false });
        Assert.Equal(["w0 w1 w2 w3", "w3 w4 w5 w6", "w6 w7 w8 w9"], Texts(Numbered(10), chunker));

        // overlap 2: [w0..w3], [w2..w5], [w4..w7], [w6..w9].
        chunker = new TextChunker(Words, 4, new ChunkingOptions { Overlap = 2, SentenceAware = false });
        Assert.Equal(["w0 w1 w2 w3", "w2 w3 w4 w5", "w4 w5 w6 w7", "w6 w7 w8 w9"], Texts(Numbered(10), chunker));
    }

    [Fact]
    public void A_window_ends_at_a_sentence_boundary_in_its_last_part()
    {
        // max 10, search the last half (tokens 5..9): "g." is token 6, so the first window stops there.
        var chunker = new TextChunker(Words, 10, new ChunkingOptions { Overlap = 0, SentenceSearchFraction = 0.5 });
        Assert.Equal(["a b c d e f g.", "h i j k l m n o"], Texts("a b c d e f g. h i j k l m n o", chunker));
        Assert.Equal(["a b c d e f g!", "h i j k l m n o"], Texts("a b c d e f g! h i j k l m n o", chunker));
        Assert.Equal(["a b c d e f?", "g h i j k l m n o"], Texts("a b c d e f? g h i j k l m n o", chunker));
        Assert.Equal(["a b c d e f g", "h i j k l m n o"], Texts("a b c d e f g\nh i j k l m n o", chunker));
    }

    [Fact]
    public void The_latest_sentence_boundary_in_the_window_wins()
    {
        var chunker = new TextChunker(Words, 10, new ChunkingOptions { Overlap = 0, SentenceSearchFraction = 0.5 });
        Assert.Equal(["a b c d e f. g h.", "i j k l"], Texts("a b c d e f. g h. i j k l", chunker));
    }

    [Fact]
    public void A_boundary_early_in_the_window_or_without_following_space_is_ignored()
    {
        var chunker = new TextChunker(Words, 10, new ChunkingOptions { Overlap = 0, SentenceSearchFraction = 0.5 });
        // "b." is token 1, before the searched part (tokens 5..9); "g.h" has no space after the period.
        Assert.Equal(["a b. c d e f g.h i j k", "l"], Texts("a b. c d e f g.h i j k l", chunker));
    }

    [Fact]
    public void Sentence_awareness_can_be_turned_off()
    {
        var chunker = new TextChunker(Words, 10, new ChunkingOptions { Overlap = 0, SentenceAware = false });
        Assert.Equal(["a b c d e f g. h i j", "k l m n o"], Texts("a b c d e f g. h i j k l m n o", chunker));
    }

    [Fact]
    public void Windows_start_and_end_on_word_boundaries_when_words_are_cut_into_pieces()
    {
        // Pieces of 2 characters: "alpha" = al ph a (3 tokens), "be" = 1, "gamma" = 3 ...
        var pieces = new WhitespaceTokenizer { PieceLength = 2 };
        const string text = "alpha be gamma de epsilon ze eta";
        var chunker = new TextChunker(pieces, 5, new ChunkingOptions { Overlap = 1, SentenceAware = false });
        var passages = chunker.Split(text);

        Assert.True(passages.Count > 1);
        foreach (var passage in passages)
        {
            Assert.True(passage.Start == 0 || text[passage.Start - 1] == ' ', $"{passage} starts inside a word.");
            Assert.True(passage.End == text.Length || text[passage.End] == ' ', $"{passage} ends inside a word.");
            Assert.True(pieces.CountTokens(text.Substring(passage.Start, passage.Length)) <= 5);
        }
    }

    [Fact]
    public void A_word_longer_than_a_window_is_cut_inside_rather_than_dropped()
    {
        var pieces = new WhitespaceTokenizer { PieceLength = 1 };
        var chunker = new TextChunker(pieces, 4, new ChunkingOptions { Overlap = 0 });
        Assert.Equal(["abcd", "efgh", "ij"], Texts("abcdefghij", chunker));
    }

    [Fact]
    public void No_window_exceeds_the_limit_and_every_token_is_covered()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            var text = RandomText(random, random.Next(0, 400));
            var maxTokens = random.Next(1, 40);
            var options = new ChunkingOptions
            {
                Overlap = random.Next(0, maxTokens),
                SentenceAware = random.Next(2) == 0,
                SentenceSearchFraction = random.NextDouble() * 0.9,
            };
            var tokenizer = new WhitespaceTokenizer { PieceLength = random.Next(0, 4) };
            AssertValidPassages(text, tokenizer, new TextChunker(tokenizer, maxTokens, options));
        }
    }

    [Fact]
    public void A_huge_text_is_split_in_linear_time_within_the_limit()
    {
        var text = RandomText(new Random(6), 200_000);
        var chunker = new TextChunker(Words, 254, new ChunkingOptions());
        var passages = AssertValidPassages(text, Words, chunker);
        // Each window advances by at least 0.75 × 254 − 32 tokens.
        Assert.InRange(passages.Count, 200_000 / 254, (200_000 / ((254 * 3 / 4) - 32)) + 1);
    }

    [Fact]
    public void Truncate_mode_keeps_the_whole_text_as_one_passage_for_the_encoder_to_cut()
    {
        var text = Numbered(1000);
        var chunker = new TextChunker(Words, 10, new ChunkingOptions { Mode = ChunkingMode.Truncate });
        Assert.Equal([new PassageRange(0, text.Length)], chunker.Split(text));
    }

    [Fact]
    public void The_default_window_leaves_room_for_special_tokens_and_the_document_prefix()
    {
        var encoder = new ProbeEncoder(maxTokens: 256);
        Assert.Equal(254, TextChunker.ForEncoder(encoder).MaxTokens);
        Assert.Equal(100, TextChunker.ForEncoder(encoder, new ChunkingOptions { MaxTokens = 100 }).MaxTokens);

        // A three-word document prefix costs three more tokens.
        var dual = DualEncoder.Siamese(encoder, documentPrefix: "passage of text: ");
        Assert.Equal(251, TextChunker.ForEncoder(dual.DocumentEncoder).MaxTokens);
    }

    [Fact]
    public void Settings_out_of_range_are_refused_naming_the_setting()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextChunker(Words, 0));
        var overlap = Assert.Throws<ArgumentOutOfRangeException>(() => new TextChunker(Words, 4, new ChunkingOptions { Overlap = 4 }));
        Assert.Contains("Overlap", overlap.Message, StringComparison.Ordinal);
        var fraction = Assert.Throws<ArgumentOutOfRangeException>(
            () => new TextChunker(Words, 4, new ChunkingOptions { Overlap = 0, SentenceSearchFraction = 1 }));
        Assert.Contains("SentenceSearchFraction", fraction.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => TextChunker.ForEncoder(new ProbeEncoder(maxTokens: 2)));
    }

    private static IReadOnlyList<PassageRange> AssertValidPassages(string text, WhitespaceTokenizer tokenizer, TextChunker chunker)
    {
        var passages = chunker.Split(text);
        Assert.NotEmpty(passages);
        var tokens = tokenizer.Tokenize(text);
        var covered = new bool[tokens.Count];
        var previousStart = -1;
        var first = 0;
        foreach (var passage in passages)
        {
            Assert.True(passage.Start > previousStart, "Passages must advance.");
            previousStart = passage.Start;
            Assert.True(tokenizer.CountTokens(text.Substring(passage.Start, passage.Length)) <= chunker.MaxTokens, $"{passage} is too long.");
            while (first < tokens.Count && tokens[first].Start < passage.Start)
            {
                first++;
            }

            for (var t = first; t < tokens.Count && tokens[t].End <= passage.End; t++)
            {
                covered[t] = true;
            }
        }

        Assert.All(covered, Assert.True);
        return passages;
    }

    private static string[] Texts(string text, TextChunker chunker) =>
        chunker.Split(text).Select(p => text.Substring(p.Start, p.Length)).ToArray();

    private static string Numbered(int words) => string.Join(' ', Enumerable.Range(0, words).Select(i => $"w{i}"));

    private static string RandomText(Random random, int words)
    {
        string[] separators = [" ", " ", " ", ". ", "! ", "? ", "\n", "\n\n", "  "];
        var builder = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            builder.Append((char)('a' + random.Next(26)), random.Next(1, 9));
            builder.Append(separators[random.Next(separators.Length)]);
        }

        return builder.ToString();
    }
}
