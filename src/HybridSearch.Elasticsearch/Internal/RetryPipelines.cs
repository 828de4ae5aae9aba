using Polly;
using Polly.Retry;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// The one retry policy of the Elasticsearch adapter: up to <see cref="ElasticsearchBackendOptions.MaxRetries"/> retries,
/// exponential backoff from <see cref="ElasticsearchBackendOptions.RetryBaseDelay"/> with jitter, capped at a minute, on the
/// caller's <see cref="TimeProvider"/> so tests never sleep. Callers say which outcomes are transient.
/// </summary>
internal static class RetryPipelines
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    public static ResiliencePipeline<T> Create<T>(
        ElasticsearchBackendOptions options,
        TimeProvider timeProvider,
        Func<double>? randomizer,
        Func<T, bool> isTransient,
        Action<T, int, TimeSpan>? onRetry = null)
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
