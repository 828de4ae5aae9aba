using Microsoft.Extensions.Logging;

namespace HybridSearch.Elasticsearch.Internal;

internal sealed partial class ElasticsearchEngine
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "Created index '{Index}' with alias '{Alias}' for {Encoder}, vector index {VectorIndex}")]
    private static partial void LogIndexCreated(
        ILogger logger, string index, string alias, HybridSearch.Encoders.EncoderIdentity encoder, VectorIndexType vectorIndex);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning,
        Message = "A search of '{Index}' got {Status}; retrying in {Delay} (retry {Attempt})")]
    private static partial void LogSearchRetry(ILogger logger, string index, string status, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning,
        Message = "The credentials may not read the version of the cluster at {Cluster} (GET / needs cluster:monitor/main); " +
                  "going on as with a current Elasticsearch 9.x")]
    private static partial void LogVersionUnreadable(ILogger logger, string cluster);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Index '{Index}' was created concurrently; validating it")]
    private static partial void LogIndexRaced(ILogger logger, string index);
}
