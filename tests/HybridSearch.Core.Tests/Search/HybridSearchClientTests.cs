using HybridSearch.Testing;
using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Core.Tests.Search;

public sealed class HybridSearchClientTests
{
    [Fact]
    public async Task Semantic_queries_are_encoded_by_the_query_tower_and_checked_against_the_index_once()
    {
        var encoder = new RecordingEncoder(new ProbeEncoder());
        var backend = new FakeSearchBackend { Description = new IndexDescription(encoder.Identity, 1, 1) };
        var client = new HybridSearchClient(DualEncoder.Siamese(encoder, queryPrefix: "query: "), backend);

        await client.SearchAsync(new SearchRequest("two words") { Mode = SearchMode.Semantic });
        await client.SearchAsync(new SearchRequest("three more words") { Mode = SearchMode.Hybrid });

        // The fake's vector is [length, tokens, row, 1] of the prefixed text.
        Assert.Equal(["query: two words".Length, 3, 0, 1], backend.Searches[0].Vector);
        Assert.Equal(1, backend.DescribeCalls);
    }

    [Fact]
    public async Task Keyword_queries_need_neither_encoding_nor_a_compatible_index()
    {
        var encoder = new RecordingEncoder(new ProbeEncoder());
        var backend = new FakeSearchBackend { Description = new IndexDescription(new EncoderIdentity("other", "fff", 4), 1, 1) };
        var client = new HybridSearchClient(DualEncoder.Siamese(encoder), backend);

        await client.SearchAsync(new SearchRequest("q") { Mode = SearchMode.Keyword });

        Assert.Empty(Assert.Single(backend.Searches).Vector);
        Assert.Empty(encoder.Calls);
        Assert.Equal(0, backend.DescribeCalls);
    }

    [Fact]
    public async Task An_index_built_by_another_document_encoder_is_refused()
    {
        var indexEncoder = new EncoderIdentity("other", "fff", 4);
        var backend = new FakeSearchBackend { Description = new IndexDescription(indexEncoder, 1, 1) };
        var client = new HybridSearchClient(DualEncoder.Siamese(new ProbeEncoder()), backend);

        var error = await Assert.ThrowsAsync<IncompatibleEncoderException>(() => client.SearchAsync(new SearchRequest("q")));
        Assert.Equal(indexEncoder, error.IndexEncoder);
        Assert.Empty(backend.Searches);
    }

    [Fact]
    public async Task A_model_derived_from_the_index_model_may_search_it()
    {
        // An int8 quantisation of the index's float32 model: cheap queries over exact documents.
        var backend = new FakeSearchBackend { Description = new IndexDescription(new EncoderIdentity("minilm", "f32", 4), 1, 1) };
        var client = new HybridSearchClient(DualEncoder.Siamese(new ProbeEncoder("minilm-int8", "i8", derivedFromSha256: "f32")), backend);

        await client.SearchAsync(new SearchRequest("q") { Mode = SearchMode.Semantic });

        Assert.Single(backend.Searches);
    }

    [Fact]
    public async Task K_must_be_positive()
    {
        var client = new HybridSearchClient(DualEncoder.Siamese(new ProbeEncoder()), new FakeSearchBackend());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SearchAsync(new SearchRequest("q") { K = 0 }));
    }
}
