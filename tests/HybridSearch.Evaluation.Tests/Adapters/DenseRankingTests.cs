using HybridSearch.Adapters;

namespace HybridSearch.Evaluation.Tests.Adapters;

public sealed class DenseRankingTests
{
    [Fact]
    public void Top_k_agrees_with_a_full_sort_for_every_k_including_ties()
    {
        var random = new Random(1);
        for (var n = 0; n < 60; n++)
        {
            // Few distinct values, so ties are common; ties rank the lower index first.
            var scores = Enumerable.Range(0, n).Select(_ => (float)random.Next(5)).ToArray();
            var sorted = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
            for (var k = 0; k <= n + 1; k++)
            {
                Assert.Equal(sorted.Take(k), DenseRanking.Top(scores, k));
            }
        }
    }

    [Fact]
    public void Top_k_leaves_out_what_it_is_told_to_skip()
    {
        float[] scores = [0.9f, 0.8f, 0.7f, 0.6f];

        Assert.Equal([1, 3], DenseRanking.Top(scores, 2, i => i % 2 == 0));
    }

    [Fact]
    public void Ndcg_at_10_follows_the_trec_eval_definition()
    {
        // Relevant d1 (grade 1) and d7 (grade 2); ranking d7 second and d1 fourth:
        // DCG = 2/log2(3) + 1/log2(5); ideal = 2/log2(2) + 1/log2(3).
        var expected = ((2 / Math.Log2(3)) + (1 / Math.Log2(5))) / (2 + (1 / Math.Log2(3)));

        var ndcg = DenseRanking.NdcgAt10([4, 7, 5, 1, 9], relevant: [1, 7], grades: [1, 2]);

        Assert.Equal(expected, ndcg, 12);
        Assert.Equal(0, DenseRanking.NdcgAt10([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 1], [1], [1]));
        Assert.Equal(1, DenseRanking.NdcgAt10([1, 2], [1], [1]));
    }
}
