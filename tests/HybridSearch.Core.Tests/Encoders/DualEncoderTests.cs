using HybridSearch.Encoders;
using HybridSearch.Testing;

namespace HybridSearch.Core.Tests.Encoders;

public sealed class DualEncoderTests
{
    [Fact]
    public async Task A_siamese_encoder_puts_each_side_prefix_before_its_texts()
    {
        var model = new RecordingEncoder(new ProbeEncoder("m", dimensions: 4));
        var dual = DualEncoder.Siamese(model, queryPrefix: "query: ", documentPrefix: "passage: ");

        await dual.EncodeQueryAsync("q");
        await dual.EncodeDocumentsAsync(["d1", "d2"], new float[8]);

        Assert.Equal(["query: q", "passage: d1", "passage: d2"], model.Texts);
        Assert.True(dual.IsSiamese);
    }

    [Fact]
    public async Task A_siamese_encoder_without_prefixes_uses_the_model_itself_on_both_sides()
    {
        var model = new RecordingEncoder(new ProbeEncoder("m", dimensions: 4));
        var dual = DualEncoder.Siamese(model, queryPrefix: "", documentPrefix: null);

        var vector = await dual.EncodeQueryAsync("abc");

        Assert.Same(model, dual.QueryEncoder);
        Assert.Same(model, dual.DocumentEncoder);
        // [length, tokens, row, 1] of "abc": no prefix reached the model.
        Assert.Equal([3f, 1f, 0f, 1f], vector);
    }

    [Fact]
    public void Prefixed_sides_keep_the_identity_of_the_model()
    {
        var model = new RecordingEncoder(new ProbeEncoder("m", dimensions: 4));
        var dual = DualEncoder.Siamese(model, queryPrefix: "query: ");

        Assert.Equal(model.Identity, dual.QueryEncoder.Identity);
        Assert.Equal(model.Identity, dual.DocumentIdentity);
        Assert.Equal(4, dual.Dimensions);
    }

    [Fact]
    public async Task An_asymmetric_encoder_sends_queries_and_documents_to_their_own_models()
    {
        var queries = new RecordingEncoder(new ProbeEncoder("q", dimensions: 4));
        var documents = new RecordingEncoder(new ProbeEncoder("d", dimensions: 4));
        var dual = DualEncoder.Asymmetric(queries, documents);

        await dual.EncodeQueryAsync("question");
        await dual.EncodeDocumentsAsync(["doc"], new float[4]);

        Assert.Equal(["question"], queries.Texts);
        Assert.Equal(["doc"], documents.Texts);
        Assert.False(dual.IsSiamese);
        Assert.Equal("d", dual.DocumentIdentity.Model);
    }

    [Fact]
    public void An_asymmetric_encoder_of_different_dimensions_is_refused_naming_both()
    {
        var error = Assert.Throws<ArgumentException>(() => DualEncoder.Asymmetric(new RecordingEncoder(new ProbeEncoder("small", dimensions: 8)), new RecordingEncoder(new ProbeEncoder("big", dimensions: 384))));

        Assert.Contains("small", error.Message, StringComparison.Ordinal);
        Assert.Contains("big", error.Message, StringComparison.Ordinal);
        Assert.Contains("8 vs 384", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_text_is_refused_by_the_prefixing_side()
    {
        var dual = DualEncoder.Siamese(new RecordingEncoder(new ProbeEncoder("m", dimensions: 4)), queryPrefix: "query: ");

        await Assert.ThrowsAsync<ArgumentNullException>(() => dual.QueryEncoder.EncodeAsync([null!], new float[4]));
    }

    [Fact]
    public void Disposing_a_prefixed_side_leaves_the_shared_model_to_its_owner()
    {
        var model = new RecordingEncoder(new ProbeEncoder("m", dimensions: 4));
        var dual = DualEncoder.Siamese(model, queryPrefix: "query: ");

        dual.QueryEncoder.Dispose();

        Assert.False(model.Disposed);
    }

    [Fact]
    public async Task The_embedding_generator_view_of_a_prefixed_side_applies_the_prefix()
    {
        var model = new RecordingEncoder(new ProbeEncoder("m", dimensions: 2));
        var dual = DualEncoder.Siamese(model, queryPrefix: "query: ");

        var embeddings = await dual.QueryEncoder.GenerateAsync(["ab"]);

        Assert.Equal(["query: ab"], model.Texts);
        // [length, tokens] of "query: ab", cut to 2 dimensions.
        Assert.Equal([9f, 2f], embeddings[0].Vector.ToArray());
    }
}
