namespace HybridSearch.Ingestion;

/// <summary>A progress report of a running ingestion, for progress bars and dashboards.</summary>
/// <param name="Done">Records finished (written or dead-lettered), counting earlier runs of the same job.</param>
/// <param name="Total">Records in the source, when known.</param>
/// <param name="Written">Documents written to the index in this run.</param>
/// <param name="DeadLettered">Bad records sent to the dead-letter file in this run.</param>
/// <param name="Elapsed">Time since this run started.</param>
/// <param name="DocumentsPerSecond">Records finished per second in this run.</param>
public sealed record IngestionProgress(
    long Done, long? Total, long Written, long DeadLettered, TimeSpan Elapsed, double DocumentsPerSecond);
