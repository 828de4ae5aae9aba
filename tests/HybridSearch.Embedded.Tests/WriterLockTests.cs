using System.Globalization;
using HybridSearch.Embedded.Tests.Support;
using HybridSearch.Testing;

namespace HybridSearch.Embedded.Tests;

/// <summary>One writer per index across processes: the OS lock over the whole directory, and what a refused writer sees.</summary>
public sealed class WriterLockTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_second_writer_is_refused_with_the_index_and_the_holders_pid_host_and_start_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await using var index = await Docs.OpenAsync(_temp.Path);

        var error = await Assert.ThrowsAsync<IndexLockedException>(() => EmbeddedIndex.OpenAsync(_temp.Path));

        Assert.Equal((Environment.ProcessId, Environment.MachineName), (error.HolderProcessId, error.HolderHost));
        Assert.InRange(error.HolderSince!.Value, before, DateTimeOffset.UtcNow);
        Assert.Contains($"Index '{_temp.Path}' is being written by pid {Environment.ProcessId} on host {Environment.MachineName} since ",
            error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_refused_writer_changes_no_file_of_the_index()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);
        await index.UpsertAsync([Docs.One("a", "committed", Docs.Axis(0))]);
        await index.CommitAsync();
        await index.UpsertAsync([Docs.One("b", "pending", Docs.Axis(1))]);
        var files = Listing();

        await Assert.ThrowsAsync<IndexLockedException>(() => EmbeddedIndex.OpenAsync(_temp.Path));

        Assert.Equal(files, Listing());
        await index.CommitAsync();
        Assert.Equal(2, (await index.DescribeAsync()).Documents);
    }

    [Fact]
    public async Task Closing_the_writer_releases_the_lock()
    {
        await (await Docs.OpenAsync(_temp.Path)).DisposeAsync();

        await using var second = await Docs.OpenAsync(_temp.Path);

        Assert.Equal(0, (await second.DescribeAsync()).Documents);
    }

    [Fact]
    [Trait("Category", "Process")]
    public async Task A_writer_in_another_process_is_named_and_its_lock_is_taken_over_once_it_is_killed()
    {
        using var holder = new ChildProcess("hold-writer", _temp.Path);
        Assert.Equal("holding", await holder.ReadLineAsync());

        var error = await Assert.ThrowsAsync<IndexLockedException>(() => EmbeddedIndex.OpenAsync(_temp.Path));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"pid {holder.Id} "), error.Message, StringComparison.Ordinal);
        await holder.KillHardAsync();

        // The lock file stays behind, but nobody holds the OS lock on it any more: it is stale, and taken over.
        Assert.True(File.Exists(Path.Combine(_temp.Path, "writer.lock")));
        await using var index = await EmbeddedIndex.OpenAsync(_temp.Path);
        Assert.Equal(3, (await index.DescribeAsync()).Documents);
        var again = await Assert.ThrowsAsync<IndexLockedException>(() => EmbeddedIndex.OpenAsync(_temp.Path));
        Assert.Equal(Environment.ProcessId, again.HolderProcessId);
    }

    private List<(string Name, long Length, DateTime Written)> Listing() =>
        [.. Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories)
            .Select(f => new FileInfo(f))
            .Select(f => (Path.GetRelativePath(_temp.Path, f.FullName), f.Length, f.LastWriteTimeUtc))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)];
}
