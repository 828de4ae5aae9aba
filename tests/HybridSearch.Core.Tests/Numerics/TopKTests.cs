using HybridSearch.Numerics;

namespace HybridSearch.Core.Tests.Numerics;

public sealed class TopKTests
{
    [Fact]
    public void Selection_equals_a_full_sort_by_score_then_index_for_every_length_to_256()
    {
        var random = new Random(11);
        for (var n = 0; n <= 256; n++)
        {
            // Few distinct values, so ties are frequent and the index tie-break is exercised.
            var scores = RandomScores(random, n, distinct: 1 + (n / 4));
            foreach (var k in new[] { 0, 1, 2, 5, 10, n / 2, n, n + 3 })
            {
                var expected = SortedIndices(scores, _ => true);
                AssertSelection(expected.Take(k).ToArray(), scores, k, allowed: null);
            }
        }
    }

    [Fact]
    public void Large_k_beyond_the_stack_buffer_equals_a_full_sort()
    {
        var random = new Random(12);
        var scores = RandomScores(random, 5000, distinct: 1000);
        var expected = SortedIndices(scores, _ => true);
        AssertSelection(expected.Take(700).ToArray(), scores, 700, allowed: null);
        AssertSelection(expected, scores, 6000, allowed: null);
    }

    [Fact]
    public void Ascending_descending_and_constant_inputs_equal_a_full_sort()
    {
        // Ascending scores make every element a contender; descending ones make none after the first k.
        var ascending = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();
        var descending = ascending.Reverse().ToArray();
        var constant = new float[1000];
        foreach (var scores in new[] { ascending, descending, constant })
        {
            foreach (var k in new[] { 1, 10, 333 })
            {
                AssertSelection(SortedIndices(scores, _ => true).Take(k).ToArray(), scores, k, allowed: null);
                var selector = new TopKSelector(k);
                selector.AddRange(scores.AsSpan(500), 500);
                selector.AddRange(scores.AsSpan(0, 500), 0);
                var indices = new int[k];
                selector.Drain(indices);
                Assert.Equal(SortedIndices(scores, _ => true).Take(k).ToArray(), indices);
            }
        }
    }

    [Fact]
    public void Equal_scores_come_back_lowest_index_first()
    {
        float[] scores = [1, 3, 3, 2, 3, 3];
        var indices = new int[3];
        Assert.Equal(3, TopK.Select(scores, 3, indices));
        Assert.Equal([1, 2, 4], indices);
    }

    [Fact]
    public void A_filter_applies_before_ranking()
    {
        var random = new Random(13);
        for (var n = 0; n <= 200; n += 7)
        {
            var scores = RandomScores(random, n, distinct: 1 + (n / 3));
            var allowed = new ulong[(n + 63) / 64 + 1];
            for (var i = 0; i < n; i++)
            {
                if (random.Next(3) == 0)
                {
                    allowed[i >> 6] |= 1UL << (i & 63);
                }
            }

            // Bits past the last score must be ignored, not read as rows.
            allowed[^1] = ulong.MaxValue;
            bool IsAllowed(int i) => (allowed[i >> 6] & (1UL << (i & 63))) != 0;
            foreach (var k in new[] { 0, 1, 3, 10, n + 1 })
            {
                AssertSelection(SortedIndices(scores, IsAllowed).Take(k).ToArray(), scores, k, allowed);
            }
        }
    }

    [Fact]
    public void NaN_scores_are_never_selected()
    {
        float[] scores = [float.NaN, 2, float.NaN, 1];
        var indices = new int[4];
        Assert.Equal(2, TopK.Select(scores, 4, indices));
        Assert.Equal([1, 3], indices[..2]);
    }

    [Fact]
    public void Infinite_scores_rank_at_the_ends()
    {
        float[] scores = [0, float.NegativeInfinity, float.PositiveInfinity, -1];
        var indices = new int[4];
        Assert.Equal(4, TopK.Select(scores, 4, indices));
        Assert.Equal([2, 0, 3, 1], indices);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TopK.Select([1f], -1, new int[1]));
        Assert.Throws<ArgumentException>("indices", () => TopK.Select([1f, 2f, 3f], 2, new int[1]));
        Assert.Throws<ArgumentException>("allowed", () => TopK.Select(new float[65], 2, new int[2], new ulong[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopKSelector(-1));
    }

    [Fact]
    public void A_selector_fed_in_blocks_equals_one_selection_over_everything()
    {
        var random = new Random(14);
        var scores = RandomScores(random, 1000, distinct: 50);
        var selector = new TopKSelector(37);
        // Blocks arrive out of order: ties must still favour the lower index.
        for (var start = 960; start >= 0; start -= 40)
        {
            selector.AddRange(scores.AsSpan(start, 40), start);
        }

        var indices = new int[37];
        var selected = new float[37];
        Assert.Equal(37, selector.Drain(indices, selected));
        var expected = SortedIndices(scores, _ => true).Take(37).ToArray();
        Assert.Equal(expected, indices);
        Assert.Equal(expected.Select(i => scores[i]).ToArray(), selected);
        Assert.Equal(0, selector.Count);
    }

    [Fact]
    public void A_selector_fed_filtered_blocks_in_any_order_equals_a_filtered_sort()
    {
        var random = new Random(15);
        var scores = RandomScores(random, 1024, distinct: 40);
        var allowed = new ulong[16];
        for (var w = 0; w < allowed.Length; w++)
        {
            allowed[w] = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1);
        }

        bool IsAllowed(int i) => (allowed[i >> 6] & (1UL << (i & 63))) != 0;
        var selector = new TopKSelector(25);
        foreach (var block in new[] { 3, 0, 7, 1, 6, 2, 5, 4 })
        {
            // Blocks of 128 rows: two bitmap words each.
            selector.AddRange(scores.AsSpan(block * 128, 128), block * 128, allowed.AsSpan(block * 2, 2));
        }

        var indices = new int[25];
        Assert.Equal(25, selector.Drain(indices));
        Assert.Equal(SortedIndices(scores, IsAllowed).Take(25).ToArray(), indices);
    }

    [Fact]
    public void A_selector_honours_a_filter_and_single_additions()
    {
        var selector = new TopKSelector(2);
        selector.AddRange([5f, 9f, 7f, 8f], 10, [0b1101UL]);
        selector.Add(8f, 3);
        selector.Add(float.NaN, 4);
        var indices = new int[2];
        Assert.Equal(2, selector.Drain(indices));
        Assert.Equal([3, 13], indices);
    }

    [Fact]
    public void A_selector_of_zero_keeps_nothing()
    {
        var selector = new TopKSelector(0);
        selector.AddRange([1f, 2f], 0);
        selector.Add(3f, 5);
        Assert.Equal(0, selector.Drain([]));
    }

    private static void AssertSelection(int[] expected, float[] scores, int k, ulong[]? allowed)
    {
        var indices = new int[Math.Min(k, scores.Length)];
        var count = allowed is null ? TopK.Select(scores, k, indices) : TopK.Select(scores, k, indices, allowed);
        Assert.Equal(expected, indices[..count]);
    }

    // Independent reference: LINQ's stable sort by descending score, then ascending index.
    private static int[] SortedIndices(float[] scores, Func<int, bool> allowed) =>
        Enumerable.Range(0, scores.Length).Where(allowed).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();

    private static float[] RandomScores(Random random, int length, int distinct)
    {
        var scores = new float[length];
        for (var i = 0; i < length; i++)
        {
            scores[i] = random.Next(distinct) - (distinct / 2f);
        }

        return scores;
    }
}
