using HybridSearch.Search;
using static HybridSearch.Core.Tests.Search.FakeSearchBackend;

namespace HybridSearch.Core.Tests.Search;

public sealed class ScoreFusionTests
{
    private static readonly FusionOptions Rrf = new() { Method = FusionMethod.ReciprocalRank, RankConstant = 60 };

    // keyword: a(10) b(6) c(2); semantic: b(0.9) d(0.7) a(0.5)
    private static readonly RetrievedDocument[] Keyword = [Doc("a", 10), Doc("b", 6), Doc("c", 2)];
    private static readonly RetrievedDocument[] Semantic = [Doc("b", 0.9), Doc("d", 0.7), Doc("a", 0.5)];

    [Fact]
    public void Rrf_ranks_documents_found_by_both_retrievers_first()
    {
        // b: 1/62 + 1/61 = 0.0325224; a: 1/61 + 1/63 = 0.0322664; d: 1/62 = 0.0161290; c: 1/63 = 0.0158730
        var hits = ScoreFusion.Fuse(Keyword, Semantic, Rrf, 10);

        Assert.Equal(["b", "a", "d", "c"], hits.Select(h => h.Id));
        Assert.Equal((1.0 / 62) + (1.0 / 61), hits[0].Score, 12);
        Assert.Equal((1.0 / 61) + (1.0 / 63), hits[1].Score, 12);
        Assert.Equal(1.0 / 62, hits[2].Score, 12);
        Assert.Equal(1.0 / 63, hits[3].Score, 12);
    }

    [Fact]
    public void Hits_carry_each_retrievers_raw_score_and_rank()
    {
        var hits = ScoreFusion.Fuse(Keyword, Semantic, Rrf, 10);

        var a = hits.Single(h => h.Id == "a");
        Assert.Equal(new ComponentScore(10, 1), a.Keyword);
        Assert.Equal(new ComponentScore(0.5, 3), a.Semantic);
        var d = hits.Single(h => h.Id == "d");
        Assert.Null(d.Keyword);
        Assert.Equal(new ComponentScore(0.7, 2), d.Semantic);
    }

    [Fact]
    public void The_rank_constant_changes_rrf_scores()
    {
        // k = 0: b: 1/2 + 1/1 = 1.5; a: 1/1 + 1/3 = 1.3333
        var hits = ScoreFusion.Fuse(Keyword, Semantic, Rrf with { RankConstant = 0 }, 2);
        Assert.Equal(1.5, hits[0].Score, 12);
        Assert.Equal(4.0 / 3, hits[1].Score, 12);
    }

    [Fact]
    public void Linear_min_max_fusion_weights_normalised_scores_by_alpha()
    {
        // keyword min-max: a (10-2)/8 = 1, b (6-2)/8 = 0.5, c 0; semantic: b (0.9-0.5)/0.4 = 1, d 0.5, a 0.
        // Missing from a list scores 0 there. alpha 0.5: a 0.5, b 0.5·1 + 0.5·0.5 = 0.75, c 0, d 0.5·0.5 = 0.25.
        var options = new FusionOptions { Method = FusionMethod.Linear, Normalization = ScoreNormalization.MinMax, Alpha = 0.5 };
        var hits = ScoreFusion.Fuse(Keyword, Semantic, options, 10);
        Assert.Equal(["b", "a", "d", "c"], hits.Select(h => h.Id));
        Assert.Equal([0.75, 0.5, 0.25, 0], hits.Select(h => Math.Round(h.Score, 12)));

        // alpha 0.8: a 0.2·1 = 0.2, b 0.8 + 0.2·0.5 = 0.9, c 0, d 0.8·0.5 = 0.4.
        hits = ScoreFusion.Fuse(Keyword, Semantic, options with { Alpha = 0.8 }, 10);
        Assert.Equal(["b", "d", "a", "c"], hits.Select(h => h.Id));
        Assert.Equal([0.9, 0.4, 0.2, 0], hits.Select(h => Math.Round(h.Score, 12)));
    }

    [Fact]
    public void Linear_z_score_fusion_uses_the_population_deviation_and_the_lists_lowest_z_for_missing_documents()
    {
        // keyword 10, 6, 2: mean 6, σ = sqrt(32/3) = 3.26599, z = +1.22474, 0, -1.22474.
        // semantic 0.9, 0.7, 0.5: mean 0.7, σ = sqrt(0.08/3) = 0.163299, z = +1.22474, 0, -1.22474.
        // Missing documents take the list's lowest z, -1.22474. alpha 0.5:
        // a: 0.5·(-1.22474) + 0.5·1.22474 = 0; b: 0.5·1.22474 + 0.5·0 = 0.61237;
        // c: 0.5·(-1.22474) + 0.5·(-1.22474) = -1.22474; d: 0.5·0 + 0.5·(-1.22474) = -0.61237.
        var z = Math.Sqrt(1.5);
        var options = new FusionOptions { Method = FusionMethod.Linear, Normalization = ScoreNormalization.ZScore, Alpha = 0.5 };
        var hits = ScoreFusion.Fuse(Keyword, Semantic, options, 10);
        Assert.Equal(["b", "a", "d", "c"], hits.Select(h => h.Id));
        Assert.Equal(z / 2, hits[0].Score, 9);
        Assert.Equal(0, hits[1].Score, 9);
        Assert.Equal(-z / 2, hits[2].Score, 9);
        Assert.Equal(-z, hits[3].Score, 9);
    }

    [Fact]
    public void A_list_of_equal_scores_gives_every_member_full_weight_under_min_max()
    {
        // keyword all 3 → each 1; semantic x 0.8 → 1 (single member). alpha 0.5: a 0.5, b 0.5, x 0.5.
        var options = new FusionOptions { Method = FusionMethod.Linear, Alpha = 0.5 };
        var hits = ScoreFusion.Fuse([Doc("a", 3), Doc("b", 3)], [Doc("x", 0.8)], options, 10);
        Assert.Equal(["a", "b", "x"], hits.Select(h => h.Id));
        Assert.All(hits, h => Assert.Equal(0.5, h.Score, 12));
    }

    [Fact]
    public void Only_the_window_of_each_list_takes_part()
    {
        // Window 2: keyword a, b (c at rank 3 is out); semantic c, d (a at rank 3 is out).
        // a: 1/61 (keyword only), c: 1/61 (semantic only), b and d: 1/62. a was seen first, so it wins the tie.
        var keyword = new[] { Doc("a", 3), Doc("b", 2), Doc("c", 1) };
        var semantic = new[] { Doc("c", 0.9), Doc("d", 0.8), Doc("a", 0.7) };
        var hits = ScoreFusion.Fuse(keyword, semantic, Rrf with { Window = 2 }, 2);

        Assert.Equal(["a", "c"], hits.Select(h => h.Id));
        Assert.Null(hits[0].Semantic);
        Assert.Null(hits[1].Keyword);
    }

    [Fact]
    public void A_window_smaller_than_k_still_fills_the_page()
    {
        var keyword = new[] { Doc("a", 3), Doc("b", 2), Doc("c", 1) };
        var hits = ScoreFusion.Fuse(keyword, [], Rrf with { Window = 1 }, 3);
        Assert.Equal(["a", "b", "c"], hits.Select(h => h.Id));
    }

    [Fact]
    public void Equal_fused_scores_keep_a_deterministic_order()
    {
        // Every document scores 1/61 once: first appearance (keyword list, then semantic) decides.
        for (var run = 0; run < 3; run++)
        {
            var hits = ScoreFusion.Fuse([Doc("z", 1)], [Doc("m", 1)], Rrf, 10);
            Assert.Equal(["z", "m"], hits.Select(h => h.Id));
        }

        var swapped = ScoreFusion.Fuse([Doc("m", 1)], [Doc("z", 1)], Rrf, 10);
        Assert.Equal(["m", "z"], swapped.Select(h => h.Id));
    }

    [Fact]
    public void A_document_listed_twice_counts_once_at_its_better_rank()
    {
        var hits = ScoreFusion.Fuse([Doc("a", 5), Doc("a", 4), Doc("b", 3)], [], Rrf, 10);
        Assert.Equal(["a", "b"], hits.Select(h => h.Id));
        Assert.Equal(new ComponentScore(5, 1), hits[0].Keyword);
        Assert.Equal(1.0 / 61, hits[0].Score, 12);
    }

    [Fact]
    public void Hits_prefer_the_semantic_documents_stored_fields_and_fall_back_to_the_keyword_ones()
    {
        var keyword = new[] { new RetrievedDocument { Id = "a", Score = 1, Title = "kw title", Passage = "kw text" } };
        var semantic = new[] { new RetrievedDocument { Id = "a", Score = 0.5, Passage = "best passage", BestPassage = 2 } };
        var hit = Assert.Single(ScoreFusion.Fuse(keyword, semantic, Rrf, 1));
        Assert.Equal("kw title", hit.Title);
        Assert.Equal("best passage", hit.Passage);
    }

    [Fact]
    public void K_and_options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusion.Fuse(Keyword, Semantic, Rrf, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusion.Fuse(Keyword, Semantic, Rrf with { Window = 0 }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusion.Fuse(Keyword, Semantic, Rrf with { RankConstant = -1 }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusion.Fuse(Keyword, Semantic, new FusionOptions { Alpha = 1.5 }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusion.Fuse(Keyword, Semantic, new FusionOptions { Alpha = double.NaN }, 1));
    }
}
