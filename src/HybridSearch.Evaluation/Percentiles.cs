namespace HybridSearch.Evaluation;

/// <summary>Percentiles of measurements such as query latencies.</summary>
public static class Percentiles
{
    /// <summary>
    /// The <paramref name="percentile"/>-th percentile (0–100) of <paramref name="values"/> by linear interpolation between
    /// the closest ranks (NumPy's default): with the values sorted, position (n − 1) × p / 100. NaN for no values.
    /// </summary>
    public static double Compute(ReadOnlySpan<double> values, double percentile)
    {
        if (!(percentile is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile lies in [0, 100].");
        }

        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var position = (sorted.Length - 1) * percentile / 100;
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
