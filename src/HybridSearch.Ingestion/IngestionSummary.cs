namespace HybridSearch.Ingestion;

/// <summary>What one ingestion run did.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="ResumedFrom">Cursor of the checkpoint the run resumed from; null when it started from the beginning.</param>
/// <param name="Read">Records read in this run.</param>
/// <param name="Written">Documents written (and committed) in this run.</param>
/// <param name="DeadLettered">Bad records sent to the dead-letter file in this run.</param>
/// <param name="Done">Records finished over every run of the job, as recorded in the checkpoint.</param>
/// <param name="Stopped">True when a stop request ended the run before the source was exhausted.</param>
/// <param name="Elapsed">Duration of this run.</param>
/// <param name="CheckpointPath">The checkpoint file.</param>
/// <param name="DeadLetterPath">The dead-letter file (it exists only when a record was dead-lettered).</param>
public sealed record IngestionSummary(
    string Source,
    string? ResumedFrom,
    long Read,
    long Written,
    long DeadLettered,
    long Done,
    bool Stopped,
    TimeSpan Elapsed,
    string CheckpointPath,
    string DeadLetterPath)
{
    /// <summary>Records finished per second in this run.</summary>
    public double DocumentsPerSecond => Elapsed > TimeSpan.Zero ? (Written + DeadLettered) / Elapsed.TotalSeconds : 0;

    /// <summary>Passage vectors this run wrote (encoded, or brought by the documents).</summary>
    public long VectorsWritten { get; init; }

    /// <summary>Vectors written per second of the run.</summary>
    public double VectorsPerSecond => Elapsed > TimeSpan.Zero ? VectorsWritten / Elapsed.TotalSeconds : 0;
}
