using System.Numerics.Tensors;
using HybridSearch.Encoders;
using Microsoft.Extensions.AI;

namespace HybridSearch.Onnx.Tests;

[Collection(PackagedEncodersGroup.Name)]
public sealed class OnnxDualEncodersTests(PackagedEncoders encoders)
{
    [Fact]
    public async Task Arctic_queries_get_the_search_prefix_and_documents_do_not()
    {
        var dual = OnnxDualEncoders.Create(encoders["arctic-xs"]);
        var peerQuery = PeerFixtures.Vectors("arctic-xs", "query")["query-like"];
        var peerDocument = PeerFixtures.Vectors("arctic-xs", "doc")["query-like"];
        const string text = "what causes fever in children with leukemia";

        var query = await dual.EncodeQueryAsync(text);
        var document = await dual.DocumentEncoder.EncodeAsync(text);

        Assert.True(dual.IsSiamese);
        Assert.True(TensorPrimitives.CosineSimilarity(query, peerQuery) >= 0.9999f);
        Assert.True(TensorPrimitives.CosineSimilarity(document, peerDocument) >= 0.9999f);
        Assert.True(TensorPrimitives.CosineSimilarity(query, document) < 0.99f);
    }

    [Fact]
    public async Task Minilm_encodes_queries_and_documents_alike()
    {
        var dual = OnnxDualEncoders.Create(encoders["minilm"]);

        Assert.Same(dual.QueryEncoder, dual.DocumentEncoder);
        Assert.Equal(await dual.EncodeQueryAsync("same text"), await dual.DocumentEncoder.EncodeAsync("same text"));
    }

    [Fact]
    public void An_asymmetric_pair_of_different_dimensions_is_refused_with_both_identities_named()
    {
        using var small = new FixedDimensionsEncoder(8);

        var error = Assert.Throws<ArgumentException>(() => DualEncoder.Asymmetric(small, encoders["minilm"]));

        Assert.Contains("minilm", error.Message, StringComparison.Ordinal);
        Assert.Contains("8 vs 384", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoder_that_is_not_an_onnx_model_cannot_give_prefixes()
    {
        using var other = new FixedDimensionsEncoder(384);

        Assert.Throws<ArgumentException>(() => OnnxDualEncoders.Create(other));
    }

    private sealed class FixedDimensionsEncoder(int dimensions) : ITextEncoder
    {
        public EncoderIdentity Identity { get; } = new("fake", "00", dimensions);

        public int MaxTokens => 16;

        public ITextTokenizer Tokenizer => throw new NotSupportedException();

        public Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            this.GenerateEmbeddingsAsync(values, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
