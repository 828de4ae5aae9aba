namespace HybridSearch.Ingestion;

/// <summary>
/// Exponential backoff with jitter for writes that fail while the index is unavailable (408, 429, 5xx, timeouts, lost
/// connections; nothing else is retried): the pipeline pauses, retries, and never drops a batch; after
/// <see cref="MaxAttempts"/> it gives up and the run fails with its checkpoint kept. Bound from
/// <c>HybridSearch:Ingestion:Retry</c>.
/// </summary>
public sealed class IngestionRetryOptions
{
    /// <summary>Default <see cref="MaxAttempts"/>: with the default delays, about four minutes of an unavailable index.</summary>
    public const int DefaultMaxAttempts = 12;

    /// <summary>Pause before the first retry; each further retry doubles it up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest pause between two attempts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Attempts per operation before the run fails (checkpoint kept); 0 retries until the index comes back, which a
    /// supervised worker should only use with a health probe that watches it.
    /// </summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;
}
