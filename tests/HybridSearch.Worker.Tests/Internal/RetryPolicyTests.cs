using HybridSearch.Worker.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HybridSearch.Worker.Tests.Internal;

public sealed class RetryPolicyTests
{
    private static readonly IngestionRetryOptions Retry = new()
    {
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(8),
    };

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 2.0)]
    [InlineData(3, 4.0)]
    [InlineData(4, 8.0)]
    [InlineData(5, 8.0)]
    [InlineData(60, 8.0)]
    public void Backoff_doubles_from_the_base_delay_up_to_the_cap_with_half_of_it_jittered(int retry, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds / 2), new BackoffSchedule(Retry, () => 0).DelayBefore(retry));
        Assert.Equal(TimeSpan.FromSeconds(seconds * 0.75), new BackoffSchedule(Retry, () => 0.5).DelayBefore(retry));
        Assert.Equal(TimeSpan.FromSeconds(seconds), new BackoffSchedule(Retry, () => 1).DelayBefore(retry));
    }

    [Fact]
    public async Task A_failing_write_is_retried_only_after_each_backoff_delay_has_passed()
    {
        var time = new FakeTimeProvider();
        using var metrics = new IngestionMetrics(null);
        var policy = new RetryPolicy(Retry, time, NullLogger.Instance, metrics, random: () => 1);
        var attempts = 0;
        var write = policy.ExecuteAsync("write", _ =>
        {
            var attempt = Interlocked.Increment(ref attempts);
            return attempt <= 3 ? Task.FromException(new IOException("index unavailable")) : Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(1, Volatile.Read(ref attempts));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, Volatile.Read(ref attempts));
        time.Advance(TimeSpan.FromMilliseconds(1));
        AttemptsReach(2);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(2, Volatile.Read(ref attempts));
        time.Advance(TimeSpan.FromMilliseconds(1));
        AttemptsReach(3);
        time.Advance(TimeSpan.FromSeconds(4));
        await write;
        Assert.Equal(4, attempts);

        // The retry runs as the timer's continuation, on the thread pool: wait for it (no clock involved).
        void AttemptsReach(int expected) =>
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref attempts) == expected, TimeSpan.FromSeconds(10)),
                $"attempt {expected} did not happen once its delay had passed");
    }

    [Fact]
    public async Task Errors_that_retrying_cannot_fix_fail_at_once()
    {
        using var metrics = new IngestionMetrics(null);
        var policy = new RetryPolicy(Retry, new FakeTimeProvider(), NullLogger.Instance, metrics);
        var attempts = 0;

        var error = await Assert.ThrowsAsync<IngestionException>(() => policy.ExecuteAsync("write", _ =>
        {
            attempts++;
            throw new ArgumentException("document 'x' has 3 dimensions, the index 384");
        }, CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.Contains("document 'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_during_a_backoff_pause_cancels_the_wait()
    {
        using var metrics = new IngestionMetrics(null);
        var policy = new RetryPolicy(Retry, new FakeTimeProvider(), NullLogger.Instance, metrics);
        using var stop = new CancellationTokenSource();

        var write = policy.ExecuteAsync("write", _ => Task.FromException(new IOException("down")), stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
    }
}
