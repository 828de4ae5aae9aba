using HybridSearch.Adapters;
using HybridSearch.Encoders;

namespace HybridSearch.Core.Tests.Adapters;

public sealed class QueryAdapterEncoderTests
{
    private const int D = 10;

    [Fact]
    public async Task The_adapted_query_encoder_returns_the_base_vector_mapped_by_the_adapter()
    {
        var baseEncoder = new FakeTextEncoder(AdapterTestData.Identity(D));
        var adapter = AdapterTestData.RandomAdapter(QueryAdapterKind.LowRank, D, 2, seed: 8);
        using var adapted = baseEncoder.WithQueryAdapter(adapter);

        var vectors = await adapted.EncodeAsync(["first query", "second query"]);

        var expected = new float[D];
        adapter.Apply(FakeTextEncoder.VectorOf("second query", D), expected);
        Assert.Equal(expected, vectors[D..]);
    }

    [Fact]
    public void An_asymmetric_dual_encoder_keeps_the_document_side_and_its_identity()
    {
        var encoder = new FakeTextEncoder(AdapterTestData.Identity(D));
        var dual = DualEncoder.Siamese(encoder, queryPrefix: "query: ");
        var adapter = AdapterTestData.RandomAdapter(QueryAdapterKind.Full, D, 0, seed: 9);

        var adapted = dual.WithQueryAdapter(adapter);

        Assert.False(adapted.IsSiamese);
        Assert.Same(dual.DocumentEncoder, adapted.DocumentEncoder);
        Assert.Equal(dual.DocumentIdentity, adapted.DocumentIdentity);
        Assert.NotEqual(dual.QueryEncoder.Identity, adapted.QueryEncoder.Identity);
        Assert.Equal("fake-model+adapter", adapted.QueryEncoder.Identity.Model);
        Assert.Equal(D, adapted.QueryEncoder.Identity.Dimensions);
    }

    [Fact]
    public async Task The_query_prefix_is_still_applied_under_the_adapter()
    {
        var encoder = new FakeTextEncoder(AdapterTestData.Identity(D));
        var adapted = DualEncoder.Siamese(encoder, queryPrefix: "query: ")
            .WithQueryAdapter(QueryAdapter.CreateIdentity(AdapterTestData.Identity(D)));

        await adapted.EncodeQueryAsync("cats");

        Assert.Equal(["query: cats"], encoder.Encoded);
    }

    [Fact]
    public void Different_adapters_give_different_query_identities()
    {
        var encoder = new FakeTextEncoder(AdapterTestData.Identity(D));

        var first = encoder.WithQueryAdapter(AdapterTestData.RandomAdapter(QueryAdapterKind.Full, D, 0, seed: 1)).Identity;
        var second = encoder.WithQueryAdapter(AdapterTestData.RandomAdapter(QueryAdapterKind.Full, D, 0, seed: 2)).Identity;

        Assert.NotEqual(first.Sha256, second.Sha256);
    }

    [Fact]
    public void An_adapter_for_another_model_is_refused()
    {
        var dual = DualEncoder.Siamese(new FakeTextEncoder(new EncoderIdentity("other", "cc33", D)));
        var adapter = AdapterTestData.RandomAdapter(QueryAdapterKind.Full, D, 0, seed: 3);

        var error = Assert.Throws<IncompatibleAdapterException>(() => dual.WithQueryAdapter(adapter));

        Assert.Contains("other", error.Message, StringComparison.Ordinal);
    }
}
