using System.Globalization;
using HybridSearch.Embedded.Tests.Support;
using HybridSearch.Testing;

namespace HybridSearch.Embedded.Tests;

public sealed class VectorSearchTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<VectorSearchMode> Modes => [VectorSearchMode.Exact, VectorSearchMode.Approximate, VectorSearchMode.ExactInt8];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_document_scores_by_its_best_passage_and_returns_that_passage(VectorSearchMode mode)
    {
        await using var index = await Docs.OpenAsync(_temp.Path, new EmbeddedIndexOptions { VectorSearch = mode });
        await index.UpsertAsync(
        [
            Docs.Passages("long", ["first part", "second part", "third part"], [Docs.Axis(0), Docs.Unit(0.6f, 0.8f, 0, 0), Docs.Axis(2)]),
            Docs.One("short", "only part", Docs.Unit(0.8f, 0.6f, 0, 0)),
        ]);

        var hits = await index.VectorSearchAsync(Docs.Vector(Docs.Axis(1)));

        Assert.Equal(["long", "short"], hits.Select(h => h.Id));
        Assert.Equal((1, "second part", 0.8), (hits[0].BestPassage!.Value, hits[0].Passage, Math.Round(hits[0].Score, 6)));
        Assert.Equal(0.6, hits[1].Score, 6);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Filters_apply_before_ranking(VectorSearchMode mode)
    {
        // With the exact fallback off, the approximate path must filter inside the graph search.
        var options = new EmbeddedIndexOptions { VectorSearch = mode, ExactFilterThreshold = 0, GraphFilterMinShare = 0 };
        await using var index = await Docs.OpenAsync(_temp.Path, options);
        var documents = Enumerable.Range(0, 200)
            .Select(i => Docs.One($"d{i}", "text", Docs.Unit(1, i / 100f, 0, 0), metadata: Docs.Meta("group", i % 50 == 7 ? "rare" : "common")))
            .ToList();
        await index.UpsertAsync(documents);

        var hits = await index.VectorSearchAsync(Docs.Vector(Docs.Axis(0), k: 3, Docs.Meta("group", "rare")));

        Assert.Equal(["d7", "d57", "d107"], hits.Select(h => h.Id));
        Assert.All(hits, h => Assert.Equal("rare", h.Metadata!["group"]));
    }

    [Fact]
    public async Task A_selective_filter_falls_back_to_exact_search_over_the_allowed_documents()
    {
        var options = new EmbeddedIndexOptions { VectorSearch = VectorSearchMode.Approximate, ExactFilterThreshold = 10 };
        await using var index = await Docs.OpenAsync(_temp.Path, options);
        await index.UpsertAsync(Enumerable.Range(0, 100)
            .Select(i => Docs.One($"d{i}", "text", Docs.Unit(1, i / 10f, 0, 0), metadata: Docs.Meta("keep", i % 25 == 3 ? "yes" : "no")))
            .ToList());

        var hits = await index.VectorSearchAsync(Docs.Vector(Docs.Axis(1), k: 10, Docs.Meta("keep", "yes")));

        Assert.Equal(["d78", "d53", "d28", "d3"], hits.Select(h => h.Id));
    }

    [Fact]
    public async Task A_filter_leaving_a_small_share_of_rows_is_answered_exactly_rather_than_by_a_starved_graph_walk()
    {
        var options = new EmbeddedIndexOptions { VectorSearch = VectorSearchMode.Approximate, ExactFilterThreshold = 0 };
        await using var index = await Docs.OpenAsync(_temp.Path, options);
        await index.UpsertAsync(Enumerable.Range(0, 400)
            .Select(i => Docs.One($"d{i}", "text", Docs.Unit(1, i / 40f, 0, 0), metadata: Docs.Meta("keep", i % 20 == 3 ? "yes" : "no")))
            .ToList());

        var hits = await index.VectorSearchAsync(Docs.Vector(Docs.Axis(1), k: 20, Docs.Meta("keep", "yes")));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"d{383 - (i * 20)}"), hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Approximate_search_recalls_at_least_95_percent_of_the_exact_top_10_on_5000_random_vectors()
    {
        const int Dimensions = 16;
        var encoder = Docs.Encoder with { Dimensions = Dimensions };
        var random = new Random(42);
        var vectors = Enumerable.Range(0, 5000).Select(_ => RandomUnit(random, Dimensions)).ToArray();
        await using var index = await EmbeddedIndex.OpenAsync(_temp.Path, new EmbeddedIndexOptions { VectorSearch = VectorSearchMode.Approximate });
        await index.EnsureIndexAsync(encoder);
        for (var start = 0; start < vectors.Length; start += 500)
        {
            await index.UpsertAsync(Enumerable.Range(start, 500).Select(i => Docs.One($"v{i}", "text", vectors[i])).ToList());
        }

        var found = 0;
        const int Queries = 50;
        for (var q = 0; q < Queries; q++)
        {
            var query = RandomUnit(random, Dimensions);
            var truth = vectors.Select((v, i) => (Id: $"v{i}", Score: Dot(query, v))).OrderByDescending(p => p.Score).Take(10).Select(p => p.Id);
            var hits = await index.VectorSearchAsync(Docs.Vector(query, k: 10));
            found += hits.Select(h => h.Id).Intersect(truth).Count();
        }

        Assert.True(found / (10.0 * Queries) >= 0.95, $"recall@10 {found / (10.0 * Queries):F3}");
    }

    [Fact]
    public async Task Int8_search_returns_the_exact_float32_scores_and_recalls_at_least_99_percent_of_the_exact_top_10()
    {
        // Committed and uncommitted segments both: the int8 rows of each are built on first use.
        const int Dimensions = 64;
        var encoder = Docs.Encoder with { Dimensions = Dimensions };
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 6000).Select(_ => RandomUnit(random, Dimensions)).ToArray();
        await using var index = await EmbeddedIndex.OpenAsync(_temp.Path, new EmbeddedIndexOptions { VectorSearch = VectorSearchMode.ExactInt8 });
        await index.EnsureIndexAsync(encoder);
        for (var start = 0; start < vectors.Length; start += 1000)
        {
            await index.UpsertAsync(Enumerable.Range(start, 1000).Select(i => Docs.One($"v{i}", "text", vectors[i])).ToList());
            if (start == 3000)
            {
                await index.CommitAsync();
            }
        }

        var found = 0;
        const int Queries = 50;
        for (var q = 0; q < Queries; q++)
        {
            var query = RandomUnit(random, Dimensions);
            var truth = vectors.Select((v, i) => (Id: $"v{i}", Score: Dot(query, v))).OrderByDescending(p => p.Score).Take(10).ToList();
            var hits = await index.VectorSearchAsync(Docs.Vector(query, k: 10));
            found += hits.Select(h => h.Id).Intersect(truth.Select(t => t.Id)).Count();
            Assert.All(hits, h => Assert.Equal(Dot(query, vectors[int.Parse(h.Id[1..], CultureInfo.InvariantCulture)]), h.Score, tolerance: 1e-5));
        }

        Assert.True(found / (10.0 * Queries) >= 0.99, $"recall@10 {found / (10.0 * Queries):F3}");
    }

    [Fact]
    public async Task Int8_search_skips_deleted_and_filtered_out_documents_and_still_returns_k_hits()
    {
        var options = new EmbeddedIndexOptions { VectorSearch = VectorSearchMode.ExactInt8, ExactFilterThreshold = 0 };
        await using var index = await Docs.OpenAsync(_temp.Path, options);
        await index.UpsertAsync(Enumerable.Range(0, 300)
            .Select(i => Docs.One($"d{i}", "text", Docs.Unit(1, i / 100f, 0, 0), metadata: Docs.Meta("group", i % 3 == 0 ? "a" : "b")))
            .ToList());
        await index.CommitAsync();
        await index.DeleteAsync(["d3", "d6"]);

        var hits = await index.VectorSearchAsync(Docs.Vector(Docs.Axis(0), k: 5, Docs.Meta("group", "a")));

        Assert.Equal(["d0", "d9", "d12", "d15", "d18"], hits.Select(h => h.Id));
    }

    [Fact]
    public async Task The_graph_is_saved_with_the_commit_and_reloaded()
    {
        var options = new EmbeddedIndexOptions { VectorSearch = VectorSearchMode.Approximate };
        await using (var index = await Docs.OpenAsync(_temp.Path, options))
        {
            await index.UpsertAsync([Docs.One("a", "x", Docs.Axis(0)), Docs.One("b", "y", Docs.Axis(1)), Docs.One("c", "z", Docs.Axis(2))]);
            await index.CommitAsync();
            await index.DeleteAsync(["b"]);
            await index.CommitAsync();
        }

        var graphs = Directory.GetFiles(_temp.Path, "graph-*.usearch");
        await using var reopened = await EmbeddedIndex.OpenAsync(_temp.Path, options);
        var hits = await reopened.VectorSearchAsync(Docs.Vector(Docs.Axis(1)));

        Assert.Single(graphs);
        Assert.Equal(["a", "c"], hits.Select(h => h.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Many_small_commits_keep_the_segment_files_bounded_without_rewriting_a_large_old_file()
    {
        var options = new EmbeddedIndexOptions { MaxSegments = 4 };
        await using var index = await Docs.OpenAsync(_temp.Path, options);
        await index.UpsertAsync(Enumerable.Range(0, 1000).Select(i => Docs.One($"big{i}", "x", Docs.Unit(1, i, 0, 0))).ToList());
        await index.CommitAsync();
        var large = Assert.Single(Directory.GetFiles(_temp.Path, "vectors-*.seg"));
        for (var c = 0; c < 20; c++)
        {
            await index.UpsertAsync(Enumerable.Range(0, 10).Select(i => Docs.One($"s{c}-{i}", "y", Docs.Unit(0, 1, i, c))).ToList());
            await index.CommitAsync();
            Assert.InRange(Directory.GetFiles(_temp.Path, "vectors-*.seg").Length, 1, 4);
        }

        Assert.True(File.Exists(large));
        Assert.Equal(1200, (await index.DescribeAsync()).Documents);
        Assert.Equal("s19-3", (await index.VectorSearchAsync(Docs.Vector(Docs.Unit(0, 1, 3, 19), k: 1))).Single().Id);
    }

    [Fact]
    public async Task Stored_passage_vectors_come_back_in_passage_order()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.Passages("a", ["p0", "p1"], [Docs.Axis(2), Docs.Axis(3)])]);
        await index.CommitAsync();

        var stored = Assert.Single(await index.GetPassageVectorsAsync(["a", "unknown"]));

        Assert.Equal([Docs.Axis(2), Docs.Axis(3)], stored.Vectors.Select(v => v.ToArray()));
    }

    private static float[] RandomUnit(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return Docs.Unit(vector);
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * (double)b[i];
        }

        return sum;
    }
}
