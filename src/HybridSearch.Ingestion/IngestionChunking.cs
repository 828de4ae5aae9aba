namespace HybridSearch.Ingestion;

/// <summary>How the pipeline encodes documents longer than the model's token limit.</summary>
public enum IngestionChunking
{
    /// <summary>Split into overlapping token windows; a document scores by its best passage.</summary>
    Passages,

    /// <summary>Encode each document once, cut at the model's limit (as published benchmarks do).</summary>
    Truncate,
}
