using HybridSearch.Chunking;
using HybridSearch.Testing;
using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Core.Tests.Chunking;

public sealed class DocumentPreparerTests
{
    // The fake encoder allows 12 tokens: passages of 10 words, overlap 2, sentence-blind to keep the arithmetic plain.
    private static readonly ChunkingOptions Options = new() { Overlap = 2, SentenceAware = false };

    [Fact]
    public async Task Every_passage_of_a_batch_is_encoded_in_one_call_and_lands_in_its_document()
    {
        var encoder = new RecordingEncoder(new ProbeEncoder());
        var preparer = new DocumentPreparer(DualEncoder.Siamese(encoder), Options);
        var longText = string.Join(' ', Enumerable.Range(0, 18).Select(i => $"w{i}"));
        SearchDocument[] documents = [new("short", "just a few words"), new("long", longText, title: "Title")];

        var prepared = await preparer.PrepareAsync(documents);

        var call = Assert.Single(encoder.Calls);
        // "Title w0 … w17" is 19 words: [Title w0..w8], then back 2: [w7..w16], then [w15..w17].
        Assert.Equal(["just a few words", "Title w0 w1 w2 w3 w4 w5 w6 w7 w8", "w7 w8 w9 w10 w11 w12 w13 w14 w15 w16", "w15 w16 w17"], call);
        Assert.Equal(2, prepared.Count);
        Assert.Same(documents[0], prepared[0].Document);
        var only = Assert.Single(prepared[0].Passages);
        Assert.Equal((0, 16), (only.Start, only.Length));
        var encodingText = documents[1].EncodingText;
        Assert.Equal(3, prepared[1].Passages.Count);
        for (var p = 0; p < 3; p++)
        {
            var passage = prepared[1].Passages[p];
            Assert.Equal(call[p + 1], encodingText.Substring(passage.Start, passage.Length));
            // Row p + 1 of the call: [length, tokens, row, 1].
            Assert.Equal([call[p + 1].Length, encoder.Tokenizer.CountTokens(call[p + 1]), p + 1, 1], passage.Vector);
        }
    }

    [Fact]
    public async Task The_cancellation_token_reaches_the_encoder()
    {
        var encoder = new RecordingEncoder(new ProbeEncoder());
        using var source = new CancellationTokenSource();
        await new DocumentPreparer(DualEncoder.Siamese(encoder), Options).PrepareAsync([new("a", "text")], source.Token);
        Assert.Equal(source.Token, encoder.LastToken);
    }

    [Fact]
    public async Task An_empty_batch_encodes_nothing()
    {
        var encoder = new RecordingEncoder(new ProbeEncoder());
        var prepared = await new DocumentPreparer(DualEncoder.Siamese(encoder), Options).PrepareAsync([]);
        Assert.Empty(prepared);
        Assert.Empty(encoder.Calls);
    }

    [Fact]
    public void The_content_hash_is_lower_case_sha256_hex_and_stable()
    {
        var preparer = new DocumentPreparer(DualEncoder.Siamese(new ProbeEncoder()), Options);
        var hash = preparer.ComputeContentHash(new SearchDocument("a", "some text", "title"));
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, preparer.ComputeContentHash(new SearchDocument("a", "some text", "title")));
    }

    [Fact]
    public void The_content_hash_changes_with_the_text_the_title_the_model_and_the_chunking_but_not_the_metadata()
    {
        var document = new SearchDocument("a", "some text", "title");
        var baseline = Hash(new ProbeEncoder(), Options, document);

        Assert.NotEqual(baseline, Hash(new ProbeEncoder(), Options, new SearchDocument("a", "some text!", "title")));
        Assert.NotEqual(baseline, Hash(new ProbeEncoder(), Options, new SearchDocument("a", "some text", "title 2")));
        Assert.NotEqual(baseline, Hash(new ProbeEncoder(sha256: "def456"), Options, document));
        Assert.NotEqual(baseline, Hash(new ProbeEncoder(model: "other"), Options, document));
        Assert.NotEqual(baseline, Hash(new ProbeEncoder(), new ChunkingOptions { Overlap = 3 }, document));
        Assert.NotEqual(baseline, Hash(new ProbeEncoder(), new ChunkingOptions { Mode = ChunkingMode.Truncate }, document));
        var withMetadata = new SearchDocument("b", "some text", "title", new Dictionary<string, string> { ["x"] = "y" });
        Assert.Equal(baseline, Hash(new ProbeEncoder(), Options, withMetadata));
    }

    [Fact]
    public void A_document_prefix_changes_the_content_hash()
    {
        var document = new SearchDocument("a", "some text");
        var encoder = new RecordingEncoder(new ProbeEncoder());
        var plain = new DocumentPreparer(DualEncoder.Siamese(encoder), Options).ComputeContentHash(document);
        var prefixed = new DocumentPreparer(DualEncoder.Siamese(encoder, documentPrefix: "doc: "), Options).ComputeContentHash(document);
        Assert.NotEqual(plain, prefixed);
    }

    private static string Hash(ITextEncoder encoder, ChunkingOptions options, SearchDocument document) =>
        new DocumentPreparer(DualEncoder.Siamese(encoder), options).ComputeContentHash(document);
}
