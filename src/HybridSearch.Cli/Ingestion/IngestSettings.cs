using HybridSearch.Chunking;

namespace HybridSearch.Cli.Ingestion;

/// <summary>What <c>ingest</c> was asked to do.</summary>
/// <param name="Input">A JSONL file or a folder of <c>.txt</c>/<c>.md</c> files.</param>
/// <param name="IndexDirectory">The embedded index folder; null when writing to Elasticsearch.</param>
/// <param name="Elasticsearch">The cluster and index (alias) to write to; null for the embedded index.</param>
/// <param name="Model">Model name or folder; null for the index's own model, or the default model for a new index.</param>
/// <param name="Chunking">How documents become passages; null for the index's own setting, or passages for a new index.</param>
/// <param name="BatchSize">Texts per model run (the encoder's batch size); the pipeline's own grouping keeps its default.</param>
/// <param name="StateDirectory">Checkpoint and dead-letter folder; null for the default beside the index.</param>
/// <param name="FromStart">Forget the checkpoint of an earlier run of this input and read it again from the start.</param>
/// <param name="Optimize">Force-merge an embedded index after writing (see <c>EmbeddedIndex.OptimizeAsync</c>).</param>
internal sealed record IngestSettings(
    string Input,
    string? IndexDirectory,
    HybridSearch.Elasticsearch.ElasticsearchBackendOptions? Elasticsearch,
    string? Model,
    ChunkingMode? Chunking,
    int BatchSize,
    string? StateDirectory,
    bool FromStart,
    bool Optimize);
