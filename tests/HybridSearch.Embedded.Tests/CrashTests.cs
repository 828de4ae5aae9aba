using System.Diagnostics;
using System.Globalization;
using HybridSearch.Embedded.Tests.Support;
using HybridSearch.Testing;

namespace HybridSearch.Embedded.Tests;

/// <summary>Kills a writing child process (SIGKILL, as kill -9) at varied moments and opens what it left.</summary>
[Trait("Category", "Process")]
public sealed class CrashTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(VectorSearchMode.Exact, 0)]
    [InlineData(VectorSearchMode.Exact, 37)]
    [InlineData(VectorSearchMode.Approximate, 11)]
    public async Task An_index_killed_while_writing_opens_with_every_acknowledged_commit(VectorSearchMode mode, int delayMs)
    {
        var acknowledged = await RunAndKillAsync(mode, commitsBeforeKill: 3, TimeSpan.FromMilliseconds(delayMs));

        await using var index = await EmbeddedIndex.OpenAsync(_temp.Path, new EmbeddedIndexOptions { VectorSearch = mode });
        var description = await index.DescribeAsync();

        // A commit may have completed after the last line was printed, never a partial one.
        Assert.True(description.Documents >= acknowledged, $"{description.Documents} documents, {acknowledged} acknowledged");
        Assert.Equal(0, description.Documents % CrashWriter.BatchSize);
        Assert.Equal(description.Documents, description.Passages);
        var ids = Enumerable.Range(0, (int)description.Documents).Select(CrashWriter.Id).ToList();
        var stored = await index.GetPassageVectorsAsync(ids);
        Assert.Equal(ids, stored.Select(s => s.Id));
        Assert.All(stored, s => Assert.Equal(
            CrashWriter.Document(int.Parse(s.Id.AsSpan(1), CultureInfo.InvariantCulture)).Passages[0].Vector, s.Vectors[0].ToArray()));
        var keyword = await index.KeywordSearchAsync(Docs.Keyword($"number{acknowledged - 1}"));
        Assert.Equal(CrashWriter.Id(acknowledged - 1), Assert.Single(keyword).Id);
        Assert.Empty(await index.KeywordSearchAsync(Docs.Keyword($"number{description.Documents}")));
    }

    private async Task<int> RunAndKillAsync(VectorSearchMode mode, int commitsBeforeKill, TimeSpan delay)
    {
        var assembly = typeof(CrashWriter).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", assembly, "crash-writer", _temp.Path, mode.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the crash writer.");
        var acknowledged = 0;
        var commits = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (commits < commitsBeforeKill && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            acknowledged = int.Parse(line.AsSpan("committed ".Length), CultureInfo.InvariantCulture);
            commits++;
        }

        if (commits < commitsBeforeKill)
        {
            throw new InvalidOperationException($"The crash writer stopped early: {await process.StandardError.ReadToEndAsync()}");
        }

        await Task.Delay(delay);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return acknowledged;
    }
}
