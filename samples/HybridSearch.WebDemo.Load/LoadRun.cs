using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace HybridSearch.WebDemo.Load;

/// <summary>Runs the clients and measures them. Traffic goes only to the given URL (the demo on this machine).</summary>
internal static class LoadRun
{
    public static async Task<LoadReport> RunAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var queries = await ReadQueriesAsync(settings.QueriesPath, cancellationToken);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(30) };
        var before = await IndexingStateAsync(http, cancellationToken);

        var errors = new ConcurrentQueue<string>();
        long errorCount = 0;
        long next = 0;
        var latencies = new List<double>[settings.Clients];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(settings.Seconds));
        var started = Stopwatch.GetTimestamp();
        var clients = Enumerable.Range(0, settings.Clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = new List<double>(4096);
            while (!stop.IsCancellationRequested)
            {
                var query = queries[(int)(Interlocked.Increment(ref next) % queries.Count)];
                var url = $"/api/search?q={Uri.EscapeDataString(query)}&mode={settings.Mode}&k={settings.K}";
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    // The run's own deadline must not count as an error, so requests use the caller's token only.
                    using var response = await http.GetAsync(new Uri(url, UriKind.Relative), HttpCompletionOption.ResponseContentRead, cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errorCount);
                        errors.Enqueue($"{(int)response.StatusCode} for '{query}': {await response.Content.ReadAsStringAsync(cancellationToken)}");
                        continue;
                    }

                    mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
                catch (HttpRequestException exception)
                {
                    Interlocked.Increment(ref errorCount);
                    errors.Enqueue($"'{query}': {exception.Message}");
                }
                catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref errorCount);
                    errors.Enqueue($"'{query}': timed out ({exception.Message})");
                }
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(clients);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = await IndexingStateAsync(http, cancellationToken);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadReport(
            settings.Clients, elapsed, all.Length + Interlocked.Read(ref errorCount), Interlocked.Read(ref errorCount), all.Length / elapsed,
            Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1], before, after, [.. errors.Take(5)]);
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private static async Task<List<string>> ReadQueriesAsync(string path, CancellationToken cancellationToken)
    {
        var queries = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                using var json = JsonDocument.Parse(line);
                queries.Add(json.RootElement.GetProperty("text").GetString() ?? throw new InvalidDataException($"{path}: a query has no text."));
            }
        }

        return queries.Count > 0 ? queries : throw new ArgumentException($"--queries: '{path}' holds no queries.");
    }

    /// <summary>The start-up indexing check's description, e.g. "Start-up indexing is running: 1200 documents so far."</summary>
    private static async Task<string?> IndexingStateAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.TryGetProperty("checks", out var checks) && checks.TryGetProperty("startup-indexing", out var check)
            ? check.GetProperty("description").GetString()
            : null;
    }
}
