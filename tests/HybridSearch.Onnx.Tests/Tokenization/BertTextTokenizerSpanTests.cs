using HybridSearch.Encoders;

namespace HybridSearch.Onnx.Tests.Tokenization;

[Collection(PackagedEncodersGroup.Name)]
public sealed class BertTextTokenizerSpanTests(PackagedEncoders encoders)
{
    private ITextTokenizer Tokenizer => encoders["minilm"].Tokenizer;

    [Fact]
    public void Spans_point_at_the_original_characters_even_when_normalisation_changes_the_text()
    {
        const string text = "Café\u200b NAÏVE+x_y 中文";

        var pieces = Tokenizer.Tokenize(text).Select(s => text[s.Start..s.End]).ToArray();

        Assert.Equal(["Café", "NAÏVE", "+", "x", "_", "y", "中", "文"], pieces);
    }

    [Fact]
    public void Subword_pieces_cover_consecutive_parts_of_their_word()
    {
        const string text = "antidisestablishmentarianism";

        var spans = Tokenizer.Tokenize(text);

        Assert.True(spans.Count > 1);
        Assert.Equal(0, spans[0].Start);
        Assert.Equal(text.Length, spans[^1].End);
        for (var i = 1; i < spans.Count; i++)
        {
            Assert.Equal(spans[i - 1].End, spans[i].Start);
        }
    }

    [Fact]
    public void Spans_of_supplementary_characters_cover_both_surrogates()
    {
        const string text = "ok 😀 fine";

        var pieces = Tokenizer.Tokenize(text).Select(s => text[s.Start..s.End]).ToArray();

        Assert.Equal(["ok", "😀", "fine"], pieces);
    }

    [Fact]
    public void Token_count_matches_the_reference_without_special_tokens_for_every_fixture_text()
    {
        var expected = PeerFixtures.TokenIds("arctic-xs", "doc");
        foreach (var (id, text) in PeerFixtures.Texts())
        {
            if (expected[id].Length == 512)
            {
                continue; // truncated by the reference: the full count is larger
            }

            Assert.Equal(expected[id].Length - 2, Tokenizer.CountTokens(text));
            Assert.Equal(expected[id].Length - 2, Tokenizer.Tokenize(text).Count);
        }
    }
}
