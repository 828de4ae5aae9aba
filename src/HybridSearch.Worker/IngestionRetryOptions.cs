namespace HybridSearch.Worker;

/// <summary>
/// Exponential backoff with jitter for writes that fail while the index is unavailable: the pipeline pauses, retries,
/// and never drops a batch. Bound from <c>HybridSearch:Ingestion:Retry</c>.
/// </summary>
public sealed class IngestionRetryOptions
{
    /// <summary>Pause before the first retry; each further retry doubles it up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest pause between two attempts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per batch before the run fails (checkpoint kept); 0 retries until the index comes back.</summary>
    public int MaxAttempts { get; set; }
}
