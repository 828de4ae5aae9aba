using HybridSearch.Ingestion.Internal;
using HybridSearch.Testing;

namespace HybridSearch.Ingestion.Tests.Internal;

public sealed class WatermarkTrackerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_watermark_is_the_last_record_before_the_lowest_unacknowledged_one()
    {
        using var letters = new DeadLetterWriter(_directory.File("dl.jsonl"), 0);
        using var tracker = new WatermarkTracker(100, letters, start: null);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i, await tracker.RegisterAsync($"c{i}", CancellationToken.None));
        }

        tracker.CompleteWritten([3, 4]);
        Assert.Null(tracker.Snapshot().Cursor);
        tracker.CompleteWritten([0]);
        Assert.Equal("c0", tracker.Snapshot().Cursor);
        tracker.CompleteWritten([1, 2]);
        Assert.Equal("c4", tracker.Snapshot().Cursor);
        Assert.Equal(5, tracker.Snapshot().Done);
        Assert.Equal(1, tracker.InFlight);
    }

    [Fact]
    public async Task Dead_letters_reach_the_file_in_source_order_only_once_the_watermark_passes_them()
    {
        var path = _directory.File("dl.jsonl");
        using var letters = new DeadLetterWriter(path, 0);
        using var tracker = new WatermarkTracker(100, letters, start: null);
        for (var i = 0; i < 4; i++)
        {
            await tracker.RegisterAsync($"c{i}", CancellationToken.None);
        }

        tracker.CompleteDeadLettered(3, new DeadLetter("s", 4, "c3", null, "late", null, DateTimeOffset.UnixEpoch, null));
        tracker.CompleteDeadLettered(1, new DeadLetter("s", 2, "c1", null, "early", null, DateTimeOffset.UnixEpoch, null));
        Assert.Equal(0, tracker.Snapshot().DeadLetterBytes);
        tracker.CompleteWritten([0, 2]);
        var snapshot = tracker.Snapshot();

        Assert.Equal(2, snapshot.DeadLettered);
        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"early\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"late\"", lines[1], StringComparison.Ordinal);
        Assert.Equal(new FileInfo(path).Length, snapshot.DeadLetterBytes);
    }

    [Fact]
    public async Task Registering_waits_while_the_in_flight_limit_is_reached()
    {
        using var letters = new DeadLetterWriter(_directory.File("dl.jsonl"), 0);
        using var tracker = new WatermarkTracker(2, letters, start: null);
        await tracker.RegisterAsync("a", CancellationToken.None);
        await tracker.RegisterAsync("b", CancellationToken.None);

        var third = tracker.RegisterAsync("c", CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        tracker.CompleteWritten([1]);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        tracker.CompleteWritten([0]);
        Assert.Equal(2, await third);
    }

    [Fact]
    public void Dead_letters_past_the_checkpoint_are_cut_off_when_a_run_restarts()
    {
        var path = _directory.File("dl.jsonl");
        File.WriteAllText(path, "{\"before\":1}\n{\"after\":2}\n{\"torn");

        using (new DeadLetterWriter(path, durableLength: "{\"before\":1}\n".Length))
        {
        }

        Assert.Equal("{\"before\":1}\n", File.ReadAllText(path));
    }
}
