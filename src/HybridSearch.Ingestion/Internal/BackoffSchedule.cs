namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// Delay before retry number <c>n</c>: <c>BaseDelay × 2^(n-1)</c>, capped at <c>MaxDelay</c>, with "equal jitter" — half
/// of it fixed and half random — so workers that failed together spread out, yet every retry pauses at least half the
/// exponential delay.
/// </summary>
internal sealed class BackoffSchedule(IngestionRetryOptions options, Func<double> random)
{
    public TimeSpan DelayBefore(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retry);
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 40));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (capped / 2 * random()));
    }
}
