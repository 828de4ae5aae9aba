using HybridSearch.Onnx.Internal.Tokenization;

namespace HybridSearch.Onnx.Tests.Tokenization;

[Collection(PackagedEncodersGroup.Name)]
public sealed class BertTextTokenizerPeerTests(PackagedEncoders encoders)
{
    public static TheoryData<string, string> ModelsAndKinds() => new()
    {
        { "minilm", "doc" }, { "minilm", "query" }, { "arctic-xs", "doc" }, { "arctic-xs", "query" },
    };

    [Theory]
    [MemberData(nameof(ModelsAndKinds))]
    public void Token_ids_equal_the_reference_tokenizer_for_every_fixture_text(string model, string kind)
    {
        var tokenizer = (BertTextTokenizer)encoders[model].Tokenizer;
        var configuration = OnnxEncoders.Describe(model);
        var prefix = kind == "query" ? configuration.QueryPrefix : configuration.DocumentPrefix;
        var expected = PeerFixtures.TokenIds(model, kind);
        var texts = PeerFixtures.Texts();
        Assert.True(texts.Count >= 30);

        var mismatches = new List<string>();
        foreach (var (id, text) in texts)
        {
            var actual = tokenizer.EncodeSequence(prefix + text);
            if (!actual.AsSpan().SequenceEqual(expected[id]))
            {
                mismatches.Add($"{id}: expected [{string.Join(",", expected[id])}] got [{string.Join(",", actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Theory]
    [InlineData("minilm", 256)]
    [InlineData("arctic-xs", 512)]
    public void Long_texts_are_cut_mid_word_to_exactly_the_model_limit(string model, int limit)
    {
        var tokenizer = (BertTextTokenizer)encoders[model].Tokenizer;
        var expected = PeerFixtures.TokenIds(model, "doc")["midword-cut"];

        var actual = tokenizer.EncodeSequence(string.Concat(Enumerable.Repeat("antidisestablishmentarianism ", 300)));

        Assert.Equal(limit, actual.Length);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Empty_and_whitespace_only_texts_are_just_cls_and_sep()
    {
        var tokenizer = (BertTextTokenizer)encoders["minilm"].Tokenizer;
        int[] clsSep = [tokenizer.ClassificationTokenId, tokenizer.SeparatorTokenId];

        Assert.Equal(clsSep, tokenizer.EncodeSequence(""));
        Assert.Equal(clsSep, tokenizer.EncodeSequence(" \t\r\n\u3000"));
        Assert.Equal(PeerFixtures.TokenIds("minilm", "doc")["empty"], clsSep);
    }

    [Fact]
    public void A_huge_text_is_truncated_without_tokenizing_all_of_it()
    {
        var tokenizer = (BertTextTokenizer)encoders["minilm"].Tokenizer;
        var huge = string.Concat(Enumerable.Repeat("word ", 2_000_000));

        var ids = tokenizer.EncodeSequence(huge);

        Assert.Equal(256, ids.Length);
    }
}
