using HybridSearch.Search;
using Microsoft.Extensions.Logging;

namespace HybridSearch.Worker.Internal;

/// <summary>
/// Runs an index operation until it succeeds, pausing between failures on the <see cref="BackoffSchedule"/> (timed by the
/// <see cref="TimeProvider"/>, so tests advance a fake clock instead of sleeping). Errors that retrying cannot fix (bad
/// arguments, an incompatible index) and running out of attempts fail the run with an <see cref="IngestionException"/>;
/// nothing is ever skipped.
/// </summary>
internal sealed class RetryPolicy(
    IngestionRetryOptions options, TimeProvider timeProvider, ILogger logger, IngestionMetrics metrics, Func<double>? random = null)
{
    private readonly BackoffSchedule _schedule = new(options, random ?? Random.Shared.NextDouble);

    public async Task ExecuteAsync(string operation, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        for (var failures = 0; ; )
        {
            try
            {
                await action(cancellationToken).ConfigureAwait(false);
                if (failures > 0)
                {
                    Log.Recovered(logger, operation, failures + 1);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures++;
                if (!IsTransient(e))
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

    private static bool IsTransient(Exception e) =>
        e is not (ArgumentException or IncompatibleEncoderException or NotSupportedException or NotImplementedException
            or IngestionException);
}
