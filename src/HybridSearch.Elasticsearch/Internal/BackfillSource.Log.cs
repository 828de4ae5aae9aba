using Microsoft.Extensions.Logging;

namespace HybridSearch.Elasticsearch.Internal;

internal sealed partial class BackfillSource
{
    [LoggerMessage(EventId = 30, Level = LogLevel.Information,
        Message = "Backfill of '{Index}' retries a request (attempt {Attempt}, in {Delay}) after HTTP status {Status} (none: no response)")]
    private static partial void LogRetrying(ILogger logger, string index, int attempt, TimeSpan delay, int? status);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning,
        Message = "Backfill of '{Index}' lost its point in time after id {After} ({Reason}); reopening it and continuing after that id")]
    private static partial void LogPitReopened(ILogger logger, string index, string after, string reason);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning,
        Message = "Backfill of '{Index}' could not close its point in time (HTTP {Status}: {Reason}); it expires after its keep-alive")]
    private static partial void LogPitCloseFailed(ILogger logger, Exception? exception, string index, int? status, string? reason);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning,
        Message = "Backfill of '{Index}' uses {Slices} slices over {Shards} shards: slices then split shards by Lucene doc id, " +
                  "which differs between workers' points in time, so documents may be read twice or missed. Use at most " +
                  "{Shards} slices (HybridSearch:Ingestion:Source:Backfill:SliceCount), or rerun the backfill until it finds nothing")]
    private static partial void LogSlicesSplitShards(ILogger logger, string index, int slices, int shards);
}
