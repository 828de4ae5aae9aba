using HybridSearch.Chunking;
using HybridSearch.Testing;
using HybridSearch.Search;

namespace HybridSearch.Core.Tests.Chunking;

public sealed class PassageEncoderTests
{
    [Fact]
    public async Task Every_passage_goes_to_the_encoder_in_one_call_and_each_document_gets_its_own_rows()
    {
        var encoder = new RecordingEncoder(new ProbeEncoder());
        var titled = new SearchDocument("t", "one two three four", title: "Head");
        var plain = new SearchDocument("p", "solo");
        // "Head one two three four": [0,8) is "Head one", [9,23) is "two three four".
        ChunkedDocument[] documents =
        [
            new(titled, [new PassageRange(0, 8), new PassageRange(9, 14)], "hash-t"),
            new(plain, [new PassageRange(0, 4)], "hash-p"),
        ];

        var encoded = await PassageEncoder.EncodeAsync(encoder, documents);

        Assert.Equal(["Head one", "two three four", "solo"], Assert.Single(encoder.Calls));
        Assert.Equal(2, encoded.Length);
        Assert.Same(titled, encoded[0].Document);
        Assert.Equal("hash-t", encoded[0].ContentHash);
        Assert.Equal("hash-p", encoded[1].ContentHash);
        // The fake's vector is [length, tokens, row in the call, 1].
        Assert.Equal(new[] { (0, 8, 0f), (9, 14, 1f) }, encoded[0].Passages.Select(p => (p.Start, p.Length, p.Vector[2])));
        Assert.Equal([8f, 2f, 0f, 1f], encoded[0].Passages[0].Vector);
        Assert.Equal([4f, 1f, 2f, 1f], Assert.Single(encoded[1].Passages).Vector);
    }

    [Fact]
    public async Task No_documents_make_no_encoder_call()
    {
        var encoder = new RecordingEncoder(new ProbeEncoder());

        Assert.Empty(await PassageEncoder.EncodeAsync(encoder, []));
        Assert.Empty(encoder.Calls);
    }

    [Fact]
    public async Task The_token_reaches_the_encoder()
    {
        var encoder = new RecordingEncoder(new ProbeEncoder());
        using var cancellation = new CancellationTokenSource();

        await PassageEncoder.EncodeAsync(encoder, [new(new SearchDocument("a", "x"), [new PassageRange(0, 1)], "h")], cancellation.Token);

        Assert.Equal(cancellation.Token, encoder.LastToken);
    }
}
