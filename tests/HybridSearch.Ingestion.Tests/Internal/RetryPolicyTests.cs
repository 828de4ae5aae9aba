using HybridSearch.Ingestion.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HybridSearch.Ingestion.Tests.Internal;

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
        var time = new TimerCountingTimeProvider();
        using var metrics = new IngestionMetrics(null);
        var policy = new RetryPolicy(Retry, time, NullLogger.Instance, metrics, random: () => 1);
        var attempts = 0;
        var write = policy.ExecuteAsync("write", _ =>
        {
            var attempt = Interlocked.Increment(ref attempts);
            return attempt <= 3 ? Task.FromException(Http(503, "index unavailable")) : Task.CompletedTask;
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
        // The third delay's timer is created on the pool after attempt 3 fails, possibly after an Advance that would then be
        // lost (the test hung): advance in steps of that delay until the write completes.
        for (var step = 0; !write.IsCompleted && step < 1000; step++)
        {
            time.Advance(TimeSpan.FromSeconds(4));
            await Task.Delay(10);
        }

        await write;
        Assert.Equal(4, attempts);

        // The retry runs as the timer's continuation, on the thread pool: wait for it, and for the delay timer its failure
        // starts (an Advance before that timer exists would be lost), with no clock involved.
        void AttemptsReach(int expected) =>
            Assert.True(SpinWait.SpinUntil(
                    () => Volatile.Read(ref attempts) == expected && time.TimersCreated >= expected, TimeSpan.FromSeconds(10)),
                $"attempt {expected} did not happen once its delay had passed, or did not start the next delay");
    }

    // A fake clock that says how many timers were started on it: each failed attempt starts one for its delay.
    private sealed class TimerCountingTimeProvider : FakeTimeProvider
    {
        private int _timers;

        public int TimersCreated => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            return timer;
        }
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

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(413)]
    public async Task A_server_that_refuses_the_request_for_good_ends_the_run_at_once_with_its_reason(int status)
    {
        using var metrics = new IngestionMetrics(null);
        var policy = new RetryPolicy(Retry, new FakeTimeProvider(), NullLogger.Instance, metrics);
        var attempts = 0;

        var error = await Assert.ThrowsAsync<IngestionException>(() => policy.ExecuteAsync("write", _ =>
        {
            attempts++;
            throw Http(status, "security_exception: missing authentication credentials");
        }, CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.Contains("retrying cannot help", error.Message, StringComparison.Ordinal);
        Assert.Contains("security_exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_outside_the_allow_list_is_not_retried_even_an_io_error()
    {
        using var metrics = new IngestionMetrics(null);
        var policy = new RetryPolicy(Retry, new FakeTimeProvider(), NullLogger.Instance, metrics);
        var attempts = 0;

        await Assert.ThrowsAsync<IngestionException>(() => policy.ExecuteAsync("commit", _ =>
        {
            attempts++;
            throw new InvalidOperationException("Index '/x' is unusable after a failed write; reopen it.");
        }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_statuses_are_retried_up_to_the_attempt_limit_then_end_the_run(int status)
    {
        using var metrics = new IngestionMetrics(null);
        var time = new FakeTimeProvider();
        var policy = new RetryPolicy(new IngestionRetryOptions { BaseDelay = TimeSpan.Zero, MaxAttempts = 3 }, time, NullLogger.Instance, metrics);
        var attempts = 0;

        var error = await Assert.ThrowsAsync<IngestionException>(() => policy.ExecuteAsync("write", _ =>
        {
            attempts++;
            throw Http(status, "busy");
        }, CancellationToken.None));

        Assert.Equal(3, attempts);
        Assert.Contains("failed 3 times", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attempts_are_bounded_by_default()
    {
        Assert.True(new IngestionRetryOptions().MaxAttempts > 0);
    }

    private static HttpRequestException Http(int status, string message) => new(message, null, (System.Net.HttpStatusCode)status);

    [Fact]
    public async Task Stopping_during_a_backoff_pause_cancels_the_wait()
    {
        using var metrics = new IngestionMetrics(null);
        var policy = new RetryPolicy(Retry, new FakeTimeProvider(), NullLogger.Instance, metrics);
        using var stop = new CancellationTokenSource();

        var write = policy.ExecuteAsync("write", _ => Task.FromException(Http(503, "down")), stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
    }
}
