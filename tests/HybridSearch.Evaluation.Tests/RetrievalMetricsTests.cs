using HybridSearch.Evaluation;

namespace HybridSearch.Evaluation.Tests;

public sealed class RetrievalMetricsTests
{
    // Judgements: d1 = 2, d2 = 1, d3 = 0 (judged not relevant), d4 = 1; three relevant, ideal gains 2, 1, 1.
    private static readonly Dictionary<string, int> Judgements = new() { ["d1"] = 2, ["d2"] = 1, ["d3"] = 0, ["d4"] = 1 };

    // Ranking by score: d3 (0.9), d1 (0.8), d5 (0.7, unjudged), d2 (0.6), d4 (0.1).
    private static readonly string[] Ranking = ["d3", "d1", "d5", "d2", "d4"];

    [Fact]
    public void Ndcg_uses_the_relevance_as_gain_and_a_log2_discount_against_the_ideal_ranking()
    {
        // @3: DCG = 2 / log2(3) = 1.2618595; IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) = 3.1309298; nDCG = 0.4030303.
        Assert.Equal((2 / Math.Log2(3)) / (2 + (1 / Math.Log2(3)) + 0.5), RetrievalMetrics.Ndcg(Ranking, Judgements, 3), 12);
        Assert.Equal(0.4030303, RetrievalMetrics.Ndcg(Ranking, Judgements, 3), 6);

        // @5: DCG = 2/log2(3) + 1/log2(5) + 1/log2(6) = 1.2618595 + 0.4306766 + 0.3868528 = 2.0793889; IDCG stays 3.1309298.
        Assert.Equal(2.0793889 / 3.1309298, RetrievalMetrics.Ndcg(Ranking, Judgements, 5), 6);

        // @1: DCG 0 (d3 is judged 0); IDCG = 2.
        Assert.Equal(0, RetrievalMetrics.Ndcg(Ranking, Judgements, 1));
    }

    [Fact]
    public void A_perfect_ranking_has_ndcg_one()
    {
        Assert.Equal(1, RetrievalMetrics.Ndcg(["d1", "d2", "d4", "d3"], Judgements, 10), 12);
        // d2 and d4 are both gain 1, so their order does not matter.
        Assert.Equal(1, RetrievalMetrics.Ndcg(["d1", "d4", "d2"], Judgements, 3), 12);
    }

    [Fact]
    public void Recall_counts_relevant_documents_in_the_top_k_over_all_relevant()
    {
        // @3: only d1 among d3 d1 d5 → 1/3. @4: d1, d2 → 2/3. @5: all three → 1.
        Assert.Equal(1.0 / 3, RetrievalMetrics.Recall(Ranking, Judgements, 3), 12);
        Assert.Equal(2.0 / 3, RetrievalMetrics.Recall(Ranking, Judgements, 4), 12);
        Assert.Equal(1, RetrievalMetrics.Recall(Ranking, Judgements, 5), 12);
    }

    [Fact]
    public void Reciprocal_rank_is_one_over_the_first_relevant_rank_within_k()
    {
        // First relevant is d1 at rank 2.
        Assert.Equal(0, RetrievalMetrics.ReciprocalRank(Ranking, Judgements, 1));
        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRank(Ranking, Judgements, 2));
        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRank(Ranking, Judgements, 10));
    }

    [Fact]
    public void Average_precision_divides_by_all_relevant_documents_not_by_k()
    {
        // @3: relevant at rank 2 → precision 1/2; sum 0.5 / 3 relevant = 0.1666667.
        Assert.Equal(0.5 / 3, RetrievalMetrics.AveragePrecision(Ranking, Judgements, 3), 12);
        // @5: ranks 2, 4, 5 → 1/2 + 2/4 + 3/5 = 1.6; / 3 = 0.5333333.
        Assert.Equal(1.6 / 3, RetrievalMetrics.AveragePrecision(Ranking, Judgements, 5), 12);
    }

    [Fact]
    public void A_query_without_relevant_judgements_scores_zero_everywhere()
    {
        var none = new Dictionary<string, int> { ["d1"] = 0 };
        Assert.Equal(0, RetrievalMetrics.Ndcg(Ranking, none, 10));
        Assert.Equal(0, RetrievalMetrics.Recall(Ranking, none, 10));
        Assert.Equal(0, RetrievalMetrics.ReciprocalRank(Ranking, none, 10));
        Assert.Equal(0, RetrievalMetrics.AveragePrecision(Ranking, none, 10));
    }

    [Fact]
    public void Trec_order_sorts_by_score_then_by_descending_document_id_ignoring_the_given_order()
    {
        RankedDocument[] run = [new("a", 1), new("c", 2), new("b", 1), new("B", 1), new("d", 0.5)];
        // Ordinal: "b" > "a" > "B" (lower-case sorts after upper-case, as strcmp).
        Assert.Equal(["c", "b", "a", "B", "d"], RetrievalMetrics.TrecOrder(run));
    }

    [Fact]
    public void Trec_order_drops_the_query_itself_and_refuses_duplicates_and_NaN()
    {
        Assert.Equal(["d1"], RetrievalMetrics.TrecOrder([new("q1", 9), new("d1", 1)], excludeId: "q1"));
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.TrecOrder([new("d1", 2), new("d1", 1)]));
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.TrecOrder([new("d1", double.NaN)]));
    }

    [Fact]
    public void K_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalMetrics.Ndcg(Ranking, Judgements, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalMetrics.Recall(Ranking, Judgements, -1));
    }
}
