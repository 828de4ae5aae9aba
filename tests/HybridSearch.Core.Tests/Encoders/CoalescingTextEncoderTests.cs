using HybridSearch.Encoders;
using HybridSearch.Testing;

namespace HybridSearch.Core.Tests.Encoders;

public sealed class CoalescingTextEncoderTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Concurrent_queries_within_the_window_share_one_model_run_and_each_gets_its_own_vector()
    {
        var hash = new HashEncoder(dimensions: 8);
        var recording = new RecordingEncoder(hash);
        using var encoder = new CoalescingTextEncoder(recording, Long, maxBatch: 4);
        string[] queries = ["first query", "second", "a third one", "fourth"];

        // The batch closes on its fourth text, long before the window would.
        var vectors = await Task.WhenAll(queries.Select(q => encoder.EncodeAsync(q)));

        var call = Assert.Single(recording.Calls);
        Assert.Equal(queries.Order(), call.Order());
        for (var i = 0; i < queries.Length; i++)
        {
            Assert.Equal(await hash.EncodeAsync(queries[i]), vectors[i]);
        }
    }

    [Fact]
    public async Task A_lone_query_is_encoded_when_its_window_closes()
    {
        var recording = new RecordingEncoder(new HashEncoder(dimensions: 8));
        using var encoder = new CoalescingTextEncoder(recording, TimeSpan.FromMilliseconds(20), maxBatch: 32);

        var vector = await encoder.EncodeAsync("alone").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["alone"], Assert.Single(recording.Calls));
        Assert.Equal(8, vector.Length);
    }

    [Fact]
    public async Task No_model_run_takes_more_than_the_batch_limit()
    {
        var recording = new RecordingEncoder(new HashEncoder(dimensions: 8));
        using var encoder = new CoalescingTextEncoder(recording, TimeSpan.FromMilliseconds(50), maxBatch: 2);

        await Task.WhenAll(Enumerable.Range(0, 7).Select(i => encoder.EncodeAsync($"query {i}"))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(recording.Calls, call => Assert.InRange(call.Count, 1, 2));
        Assert.Equal(7, recording.Texts.Count);
    }

    [Fact]
    public async Task Several_texts_in_one_call_are_already_a_batch_and_pass_straight_through()
    {
        var recording = new RecordingEncoder(new HashEncoder(dimensions: 8));
        using var encoder = new CoalescingTextEncoder(recording, Long, maxBatch: 32);

        await encoder.EncodeAsync(["a", "b", "c"]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["a", "b", "c"], Assert.Single(recording.Calls));
    }

    [Fact]
    public async Task A_failed_model_run_fails_every_query_in_it()
    {
        using var encoder = new CoalescingTextEncoder(new UnreliableEncoder(new HashEncoder(dimensions: 8)), Long, maxBatch: 2);

        var healthy = encoder.EncodeAsync("fine");
        var poisoned = encoder.EncodeAsync(UnreliableEncoder.Poison);

        await Assert.ThrowsAsync<InvalidOperationException>(() => healthy);
        await Assert.ThrowsAsync<InvalidOperationException>(() => poisoned);
    }

    [Fact]
    public async Task A_query_cancelled_before_its_batch_starts_is_left_out_and_the_others_are_encoded()
    {
        var gated = new GatedEncoder(new HashEncoder(dimensions: 8));
        var recording = new RecordingEncoder(gated);
        using var encoder = new CoalescingTextEncoder(recording, TimeSpan.Zero, maxBatch: 1);
        using var cancellation = new CancellationTokenSource();

        var running = encoder.EncodeAsync("running");
        while (recording.Calls.Count == 0)
        {
            await Task.Delay(5);
        }

        var abandoned = encoder.EncodeAsync("abandoned", cancellation.Token);
        var next = encoder.EncodeAsync("next");
        cancellation.Cancel();
        gated.Open();

        await running.WaitAsync(TimeSpan.FromSeconds(30));
        await next.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(["running", "next"], recording.Texts);
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        var inner = new HashEncoder(dimensions: 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CoalescingTextEncoder(inner, TimeSpan.FromMilliseconds(-1), 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CoalescingTextEncoder(inner, TimeSpan.Zero, 0));
    }
}
