using HybridSearch.Numerics;

namespace HybridSearch.Core.Tests.Numerics;

public sealed class ThresholdScanTests
{
    private delegate int Scan(ReadOnlySpan<float> scores, int start, float threshold, bool inclusive);

    // Every width runs on every machine (emulated in software where the hardware lacks it).
    public static TheoryData<string> Widths => new() { "512", "256", "128", "scalar", "dispatch" };

    [Theory]
    [MemberData(nameof(Widths))]
    public void Each_width_finds_the_first_contender_for_every_length_and_start(string width)
    {
        Scan scan = width switch
        {
            "512" => ThresholdScan.Scan512,
            "256" => ThresholdScan.Scan256,
            "128" => ThresholdScan.Scan128,
            "scalar" => ThresholdScan.ScanScalar,
            _ => ThresholdScan.IndexOfContender,
        };
        var random = new Random(21);
        for (var n = 0; n <= 80; n++)
        {
            var scores = new float[n];
            for (var i = 0; i < n; i++)
            {
                scores[i] = random.Next(5) == 0 ? float.NaN : random.Next(8);
            }

            for (var start = 0; start <= n; start += 1 + (n / 7))
            {
                foreach (var inclusive in new[] { false, true })
                {
                    var expected = n;
                    for (var i = start; i < n; i++)
                    {
                        if (scores[i] > 6 || (inclusive && scores[i] == 6))
                        {
                            expected = i;
                            break;
                        }
                    }

                    Assert.Equal(expected, scan(scores, start, 6, inclusive));
                }
            }
        }
    }

    [Fact]
    public void The_contender_mask_marks_scores_beating_the_threshold_in_a_64_entry_word()
    {
        var random = new Random(22);
        var scores = new float[150];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = random.Next(6) == 0 ? float.NaN : random.Next(8);
        }

        foreach (var start in new[] { 0, 1, 64, 86, 100, 149, 150 })
        {
            foreach (var inclusive in new[] { false, true })
            {
                ulong expected = 0;
                for (var i = start; i < Math.Min(scores.Length, start + 64); i++)
                {
                    expected |= scores[i] > 5 || (inclusive && scores[i] == 5) ? 1UL << (i - start) : 0;
                }

                Assert.Equal(expected, ThresholdScan.ContenderMask(scores, start, 5, inclusive));
                Assert.Equal(expected, ThresholdScan.ContenderMaskScalar(scores, start, 5, inclusive));
            }
        }
    }
}
