using Microsoft.Extensions.Logging;

namespace HybridSearch.Ingestion.Internal;

/// <summary>The pipeline's structured log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Ingesting {Source} from {Resume}")]
    public static partial void Starting(ILogger logger, string source, string resume);

    [LoggerMessage(2, LogLevel.Warning, "Dead letter: {Source} line {Line}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string source, long? line, string reason);

    [LoggerMessage(3, LogLevel.Warning, "{Operation} failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, Exception exception, string operation, int attempt, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Information, "{Operation} succeeded after {Attempts} attempts")]
    public static partial void Recovered(ILogger logger, string operation, int attempts);

    [LoggerMessage(5, LogLevel.Debug, "Checkpoint saved at {Cursor}: {Done} records done")]
    public static partial void CheckpointSaved(ILogger logger, string? cursor, long done);

    [LoggerMessage(6, LogLevel.Information,
        "Ingestion of {Source} {Outcome}: {Read} read, {Written} written, {DeadLettered} dead-lettered in {Elapsed} ({Rate:F1} docs/s)")]
    public static partial void Finished(
        ILogger logger, string source, string outcome, long read, long written, long deadLettered, TimeSpan elapsed, double rate);

    [LoggerMessage(7, LogLevel.Information, "Stop requested: reading stopped, draining {InFlight} records in flight")]
    public static partial void Stopping(ILogger logger, long inFlight);

    [LoggerMessage(8, LogLevel.Warning, "Encoding a batch of {Documents} documents failed; encoding them one by one")]
    public static partial void BatchEncodeFailed(ILogger logger, Exception exception, int documents);

    [LoggerMessage(9, LogLevel.Warning, "Counting the records of {Source} failed; progress will show no total")]
    public static partial void CountFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(10, LogLevel.Error, "Draining did not finish within {Timeout}; the run is abandoned at its last checkpoint")]
    public static partial void DrainTimedOut(ILogger logger, TimeSpan timeout);
}
