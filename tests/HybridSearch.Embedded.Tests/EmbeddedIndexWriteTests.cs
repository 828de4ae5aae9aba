using HybridSearch.Embedded.Tests.Support;
using HybridSearch.Search;
using HybridSearch.Testing;

namespace HybridSearch.Embedded.Tests;

public sealed class EmbeddedIndexWriteTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Upserted_documents_are_found_by_vector_and_keyword_at_once()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "red apples", Docs.Axis(0)), Docs.One("b", "green pears", Docs.Axis(1))]);

        var vector = await index.VectorSearchAsync(Docs.Vector(Docs.Axis(1)));
        var keyword = await index.KeywordSearchAsync(Docs.Keyword("apples"));

        Assert.Equal(["b", "a"], vector.Select(d => d.Id));
        Assert.Equal(1.0, vector[0].Score, 6);
        Assert.Equal("a", Assert.Single(keyword).Id);
    }

    [Fact]
    public async Task Upserting_an_existing_id_replaces_all_of_its_passages()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.Passages("a", ["one", "two", "three"], [Docs.Axis(0), Docs.Axis(1), Docs.Axis(2)])]);
        await index.UpsertAsync([Docs.One("a", "replaced text", Docs.Axis(3))]);

        var description = await index.DescribeAsync();
        var hits = await index.VectorSearchAsync(Docs.Vector(Docs.Axis(0)));
        var stored = Assert.Single(await index.GetPassageVectorsAsync(["a"]));

        Assert.Equal(1, description.Documents);
        Assert.Equal(1, description.Passages);
        Assert.Equal(0.0, Assert.Single(hits).Score, 6);
        Assert.Equal(Docs.Axis(3), Assert.Single(stored.Vectors).ToArray());
        Assert.Empty(await index.KeywordSearchAsync(Docs.Keyword("three")));
    }

    [Fact]
    public async Task A_batch_with_a_repeated_id_keeps_its_last_version_once()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "first", Docs.Axis(0)), Docs.One("a", "second", Docs.Axis(1))]);

        var hits = await index.VectorSearchAsync(Docs.Vector(Docs.Axis(1)));

        Assert.Equal("second", Assert.Single(hits).Passage);
        Assert.Equal(1, (await index.DescribeAsync()).Documents);
    }

    [Fact]
    public async Task Delete_removes_documents_from_both_retrievers_and_ignores_unknown_ids()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "apples", Docs.Axis(0)), Docs.One("b", "apples too", Docs.Axis(1))]);

        await index.DeleteAsync(["a", "missing"]);

        Assert.Equal(["b"], (await index.VectorSearchAsync(Docs.Vector(Docs.Axis(0)))).Select(d => d.Id));
        Assert.Equal(["b"], (await index.KeywordSearchAsync(Docs.Keyword("apples"))).Select(d => d.Id));
        Assert.Empty(await index.GetPassageVectorsAsync(["a"]));
    }

    [Fact]
    public async Task A_vector_of_the_wrong_size_is_refused_naming_the_document()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([Docs.One("doc-7", "text", [1f, 0f])]));

        Assert.Contains("doc-7", error.Message, StringComparison.Ordinal);
        Assert.Contains("2-dimensional", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metadata_value_too_long_to_filter_on_rejects_that_document_alone_and_writes_the_rest()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        var huge = new string('x', 40_000);

        var result = await index.UpsertAsync(
            [Docs.One("ok", "fine", Docs.Axis(0)), Docs.One("big", "text", Docs.Axis(1), metadata: Docs.Meta("blob", huge))]);
        await index.UpsertAsync([Docs.One("after", "still writable", Docs.Axis(2))]);

        Assert.Equal(1, result.Written);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal("big", rejection.Id);
        Assert.Contains("blob", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(2, (await index.DescribeAsync()).Documents);
        Assert.Equal(["after", "ok"], (await index.VectorSearchAsync(Docs.Vector(Docs.Axis(2)))).Select(d => d.Id).Order());
    }

    [Fact]
    public async Task Writing_before_the_encoder_is_known_fails_clearly()
    {
        await using var index = await EmbeddedIndex.OpenAsync(_temp.Path);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => index.UpsertAsync([Docs.One("a", "x", Docs.Axis(0))]));

        Assert.Contains("EnsureIndexAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_and_title_come_back_with_hits()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "body text", Docs.Axis(0), "The Title", Docs.Meta("lang", "en"))]);

        var hit = Assert.Single(await index.VectorSearchAsync(Docs.Vector(Docs.Axis(0))));

        Assert.Equal("The Title", hit.Title);
        Assert.Equal("The Title body text", hit.Passage);
        Assert.Equal("en", hit.Metadata!["lang"]);
    }

    [Fact]
    public async Task Search_through_the_pipeline_reports_both_components()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "apples", Docs.Axis(0)), Docs.One("b", "pears", Docs.Axis(1))]);

        var results = await index.SearchAsync(new SearchRequest("apples") { K = 2 }, Docs.Axis(0));

        var top = results.Hits[0];
        Assert.Equal("a", top.Id);
        Assert.Equal(1, top.Keyword!.Value.Rank);
        Assert.Equal(1, top.Semantic!.Value.Rank);
    }
}
