using HybridSearch.Embedded.Tests.Support;
using HybridSearch.Testing;

namespace HybridSearch.Embedded.Tests;

public sealed class KeywordSearchTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Score_of_a_one_term_query_is_the_bm25_formula_not_tf_idf()
    {
        // Analysed lengths 1, 4, 16 and 1 tokens: Lucene stores lengths lossily, but powers of four round-trip exactly.
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync(
        [
            Docs.One("one", "zebra", Docs.Axis(0)),
            Docs.One("four", "zebra lion lion lion", Docs.Axis(0)),
            Docs.One("sixteen", "zebra zebra " + string.Join(' ', Enumerable.Repeat("tiger", 14)), Docs.Axis(0)),
            Docs.One("other", "tiger", Docs.Axis(0)),
        ]);

        var hits = (await index.KeywordSearchAsync(Docs.Keyword("zebra"))).ToDictionary(h => h.Id, h => h.Score);

        const double K1 = EmbeddedIndexOptions.DefaultBm25K1;
        const double B = EmbeddedIndexOptions.DefaultBm25B;
        const double Documents = 4;
        const double DocumentFrequency = 3;
        const double AverageLength = (1 + 4 + 16 + 1) / Documents;
        var idf = Math.Log(1 + ((Documents - DocumentFrequency + 0.5) / (DocumentFrequency + 0.5)));
        double Bm25(double tf, double length) => idf * (K1 + 1) * tf / (tf + (K1 * (1 - B + (B * length / AverageLength))));

        Assert.Equal(3, hits.Count);
        Assert.Equal(Bm25(1, 1), hits["one"], 5);
        Assert.Equal(Bm25(1, 4), hits["four"], 5);
        Assert.Equal(Bm25(2, 16), hits["sixteen"], 5);
    }

    [Fact]
    public async Task Bm25_settings_from_the_options_are_used()
    {
        await using var index = await Docs.OpenAsync(_temp.Path, new EmbeddedIndexOptions { Bm25K1 = 1.2f, Bm25B = 0.75f });
        await index.UpsertAsync([Docs.One("one", "zebra", Docs.Axis(0)), Docs.One("other", "tiger", Docs.Axis(0))]);

        var hit = Assert.Single(await index.KeywordSearchAsync(Docs.Keyword("zebra")));

        var idf = Math.Log(1 + ((2 - 1 + 0.5) / (1 + 0.5)));
        Assert.Equal(idf * 2.2 / (1 + (1.2 * (1 - 0.75 + (0.75 * 1 / 1.0)))), hit.Score, 5);
    }

    [Fact]
    public async Task Documents_matching_more_and_rarer_terms_rank_first()
    {
        // Equal lengths; "zebra" is rarer than "lion". Both > zebra only > lion only; "bear tiger" does not match.
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync(
        [
            Docs.One("lion-only-1", "lion tiger", Docs.Axis(0)),
            Docs.One("both", "zebra lion", Docs.Axis(0)),
            Docs.One("none", "bear tiger", Docs.Axis(0)),
            Docs.One("zebra-only", "zebra tiger", Docs.Axis(0)),
            Docs.One("lion-only-2", "lion bear", Docs.Axis(0)),
        ]);

        var ids = (await index.KeywordSearchAsync(Docs.Keyword("Zebras and lions"))).Select(h => h.Id).ToList();

        Assert.Equal(4, ids.Count);
        Assert.Equal(["both", "zebra-only"], ids.Take(2));
        Assert.Equal(["lion-only-1", "lion-only-2"], ids.Skip(2).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Title_and_text_are_searched_as_one_field()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "body words", Docs.Axis(0), title: "Zebra migration")]);

        var hit = Assert.Single(await index.KeywordSearchAsync(Docs.Keyword("migrating zebra body")));

        Assert.Equal(("a", "Zebra migration"), (hit.Id, hit.Title));
    }

    [Fact]
    public async Task Query_syntax_characters_are_plain_text()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "zebra", Docs.Axis(0)), Docs.One("b", "lion", Docs.Axis(0))]);

        var hits = await index.KeywordSearchAsync(Docs.Keyword("title:(zebra OR \"lion) AND NOT -bear* ~2 [a TO } \\ /"));

        Assert.Equal(["a", "b"], hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await index.KeywordSearchAsync(Docs.Keyword("the and of")));
    }

    [Fact]
    public async Task A_query_with_thousands_of_distinct_terms_still_runs()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "zebra", Docs.Axis(0))]);

        var query = "zebra " + string.Join(' ', Enumerable.Range(0, 3000).Select(i => $"term{i}x"));

        Assert.Equal("a", Assert.Single(await index.KeywordSearchAsync(Docs.Keyword(query))).Id);
    }

    [Fact]
    public async Task Metadata_filters_apply_before_ranking_and_do_not_change_scores()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync(
        [
            Docs.One("red", "zebra zebra", Docs.Axis(0), metadata: Docs.Meta("color", "red")),
            Docs.One("blue", "zebra", Docs.Axis(0), metadata: new() { ["color"] = "blue", ["size"] = "s" }),
        ]);

        var unfiltered = await index.KeywordSearchAsync(Docs.Keyword("zebra"));
        var filtered = Assert.Single(await index.KeywordSearchAsync(Docs.Keyword("zebra", k: 1, Docs.Meta("color", "blue"))));

        Assert.Equal("red", unfiltered[0].Id);
        Assert.Equal(("blue", unfiltered[1].Score), (filtered.Id, filtered.Score));
        Assert.Empty(await index.KeywordSearchAsync(Docs.Keyword("zebra", 10, new() { ["color"] = "blue", ["size"] = "l" })));
    }
}
