using Polly;
using Polly.Retry;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// The one retry policy of the Elasticsearch adapter: up to <see cref="ElasticsearchBackendOptions.MaxRetries"/> retries,
/// exponential backoff from <see cref="ElasticsearchBackendOptions.RetryBaseDelay"/> with jitter, capped at a minute, on the
/// caller's <see cref="TimeProvider"/> so tests never sleep; a wait the server asked for (<c>Retry-After</c>) replaces the
/// backoff, within the same cap. Callers say which outcomes are transient and where a server's wait is read.
/// </summary>
internal static class RetryPipelines
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    public static ResiliencePipeline<T> Create<T>(
        ElasticsearchBackendOptions options,
        TimeProvider timeProvider,
        Func<double>? randomizer,
        Func<T, bool> isTransient,
        Action<T, int, TimeSpan>? onRetry = null,
        Func<T, TimeSpan?>? retryAfter = null)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline<T>.Empty;
        }

        var retry = new RetryStrategyOptions<T>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = MaxDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } result && isTransient(result)),
        };
        if (retryAfter is not null)
        {
            // Null falls back to the exponential backoff.
            retry.DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { } result && retryAfter(result) is { } wait ? (TimeSpan?)(wait < MaxDelay ? wait : MaxDelay) : null);
        }

        if (onRetry is not null)
        {
            retry.OnRetry = args =>
            {
                onRetry(args.Outcome.Result!, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            };
        }

        if (randomizer is not null)
        {
            retry.Randomizer = randomizer;
        }

        return new ResiliencePipelineBuilder<T> { TimeProvider = timeProvider }.AddRetry(retry).Build();
    }
}
