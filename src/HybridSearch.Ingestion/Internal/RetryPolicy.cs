using HybridSearch.Search;
using Microsoft.Extensions.Logging;

namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// Runs an index operation, retrying only what <see cref="TransientFailure"/> allows (408, 429, 5xx, timeouts, lost
/// connections) and pausing between failures on the <see cref="BackoffSchedule"/> (timed by the <see cref="TimeProvider"/>,
/// so tests advance a fake clock instead of sleeping). Anything else (401, 403, a mapping mismatch, an incompatible or
/// poisoned index) fails the run at once with the index's own reason, and so does running out of attempts: an
/// <see cref="IngestionException"/>. Nothing is ever skipped.
/// </summary>
internal sealed class RetryPolicy(
    IngestionRetryOptions options, TimeProvider timeProvider, ILogger logger, IngestionMetrics metrics, Func<double>? random = null)
{
    private readonly BackoffSchedule _schedule = new(options, random ?? Random.Shared.NextDouble);

    public async Task ExecuteAsync(string operation, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        await ExecuteAsync(
                operation,
                async ct =>
                {
                    await action(ct).ConfigureAwait(false);
                    return true;
                },
                cancellationToken)
            .ConfigureAwait(false);

    public async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        for (var failures = 0; ; )
        {
            try
            {
                var result = await action(cancellationToken).ConfigureAwait(false);
                if (failures > 0)
                {
                    Log.Recovered(logger, operation, failures + 1);
                }

                return result;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures++;
                if (!TransientFailure.IsTransient(e))
                {
                    throw new IngestionException($"{operation} failed and retrying cannot help: {e.Message}", e);
                }

                if (options.MaxAttempts > 0 && failures >= options.MaxAttempts)
                {
                    throw new IngestionException(
                        $"{operation} failed {failures} times (HybridSearch:Ingestion:Retry:MaxAttempts = {options.MaxAttempts}): " +
                        e.Message, e);
                }

                var delay = _schedule.DelayBefore(failures);
                Log.Retrying(logger, e, operation, failures, delay);
                metrics.Retried();
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
