using HybridSearch.Embedded.Tests.Support;
using HybridSearch.Encoders;
using HybridSearch.Search;
using HybridSearch.Testing;

namespace HybridSearch.Embedded.Tests;

public sealed class EncoderIdentityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ensuring_the_index_for_another_encoder_is_refused()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);

        var error = await Assert.ThrowsAsync<IncompatibleEncoderException>(() => index.EnsureIndexAsync(Docs.OtherEncoder));

        Assert.Equal((Docs.Encoder, Docs.OtherEncoder), (error.IndexEncoder, error.RequestedEncoder));
    }

    [Fact]
    public async Task Ensuring_the_index_again_for_the_same_weights_under_another_name_is_accepted()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);

        await index.EnsureIndexAsync(Docs.Encoder with { Model = "/models/renamed" });

        Assert.Equal(Docs.Encoder, index.DocumentEncoder);
    }

    [Fact]
    public async Task Searching_with_an_incompatible_query_encoder_fails_before_any_result()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "apples", Docs.Axis(0))]);
        var client = new HybridSearchClient(DualEncoder.Siamese(new AxisEncoder(Docs.OtherEncoder)), index);

        await Assert.ThrowsAsync<IncompatibleEncoderException>(() => client.SearchAsync(new SearchRequest("apples")));
    }

    [Fact]
    public async Task Searching_with_the_index_encoder_through_the_client_works()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "apples", Docs.Axis(0)), Docs.One("b", "bananas", Docs.Axis(1))]);
        var client = new HybridSearchClient(DualEncoder.Siamese(new AxisEncoder(Docs.Encoder)), index);

        var results = await client.SearchAsync(new SearchRequest("bananas") { Mode = SearchMode.Semantic });

        Assert.Equal("b", results.Hits[0].Id);
    }

    [Fact]
    public async Task Opening_with_an_expected_encoder_that_differs_is_refused()
    {
        await using (await Docs.OpenAsync(_temp.Path))
        {
        }

        await Assert.ThrowsAsync<IncompatibleEncoderException>(
            () => EmbeddedIndex.OpenAsync(_temp.Path, new EmbeddedIndexOptions { ExpectedEncoder = Docs.OtherEncoder }));
    }

    [Fact]
    public async Task A_query_vector_of_the_wrong_size_is_refused_with_both_sizes()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => index.VectorSearchAsync(Docs.Vector([1f, 0f, 0f])));

        Assert.Contains("3 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("4-dimensional", error.Message, StringComparison.Ordinal);
    }
}
