using HybridSearch.Chunking;

namespace HybridSearch.Ingestion;

/// <summary>
/// How the ingestion pipeline batches, encodes, writes and checkpoints. Bound from the configuration section
/// <see cref="SectionName"/> and validated at start-up by <see cref="IngestionOptionsValidator"/>.
/// </summary>
public sealed class IngestionOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "HybridSearch:Ingestion";

    /// <summary>Default for <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Default for <see cref="BatchTokens"/>.</summary>
    public const int DefaultBatchTokens = 65_536;

    /// <summary>Default for <see cref="WriteBatchSize"/>.</summary>
    public const int DefaultWriteBatchSize = 8192;

    /// <summary>Default for <see cref="QueueCapacity"/>.</summary>
    public const int DefaultQueueCapacity = 256;

    /// <summary>Default for <see cref="EncoderParallelism"/>.</summary>
    public const int DefaultEncoderParallelism = 1;

    /// <summary>Default for <see cref="MaxTextChars"/>: about 250 pages of text.</summary>
    public const int DefaultMaxTextChars = 1_000_000;

    /// <summary>Default for <see cref="PassageOverlapTokens"/>.</summary>
    public const int DefaultPassageOverlapTokens = 32;

    /// <summary>Default for <see cref="StateDirectory"/>.</summary>
    public const string DefaultStateDirectory = "ingest-state";

    /// <summary>Most passages one encoder call gets (1–4096); large batches let the encoder sort by length and pad less.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Most model tokens one encoder call gets, summed over its passages (at least the model's maximum).</summary>
    public int BatchTokens { get; set; } = DefaultBatchTokens;

    /// <summary>
    /// Most documents one index write gets (1–65536): encoded batches already waiting for the writer are joined up to this
    /// many, since one large write costs an index far less than many small ones. Only when the index is the slower stage
    /// (vectors brought with the documents need no encoding) do batches wait; otherwise each is written as it comes.
    /// </summary>
    public int WriteBatchSize { get; set; } = DefaultWriteBatchSize;

    /// <summary>How long a partly filled batch waits for more documents before it is encoded anyway.</summary>
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Capacity of the record and prepared-document queues; the batch queues hold max(2, EncoderParallelism) batches.</summary>
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;

    /// <summary>
    /// Number of batches encoded at the same time (1–64). One suits a CPU ONNX encoder, which already spreads each call
    /// over the cores; more helps encoders that wait on I/O or a remote service.
    /// </summary>
    public int EncoderParallelism { get; set; } = DefaultEncoderParallelism;

    /// <summary>Longest document text accepted, in characters; longer ones go to the dead-letter file.</summary>
    public int MaxTextChars { get; set; } = DefaultMaxTextChars;

    /// <summary>
    /// How documents longer than the model's limit are encoded: Core's <see cref="ChunkingMode"/>; configuration binds
    /// <c>Passages</c> or <c>Truncate</c>, in any case.
    /// </summary>
    public ChunkingMode Chunking { get; set; } = ChunkingMode.Passages;

    /// <summary>Tokens shared by consecutive passages when <see cref="Chunking"/> is <see cref="ChunkingMode.Passages"/>.</summary>
    public int PassageOverlapTokens { get; set; } = DefaultPassageOverlapTokens;

    /// <summary>Longest time between checkpoints while documents are being written.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Folder for the checkpoint and dead-letter files when their paths are not given.</summary>
    public string StateDirectory { get; set; } = DefaultStateDirectory;

    /// <summary>Checkpoint file; by default <c>{StateDirectory}/{source}.checkpoint.json</c>.</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Dead-letter JSONL file; by default <c>{StateDirectory}/{source}.deadletter.jsonl</c>.</summary>
    public string? DeadLetterPath { get; set; }

    /// <summary>After a stop is requested, how long in-flight documents may take to drain before the run is abandoned.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Backoff for writes to an unavailable index.</summary>
    public IngestionRetryOptions Retry { get; set; } = new();
}
