using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridSearch.Embedded;
using HybridSearch.Evaluation;
using HybridSearch.Search;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// <c>bench search --index DIR --queries FILE [--modes exact,int8,hnsw]</c>: vector-search latency and recall of an
/// embedded index, every mode in one run over the same queries. Exact float32 runs first and is the truth each other mode's
/// recall@K is measured against. One JSON line per mode (and per HNSW candidate count), with this machine's SIMD flags.
/// </summary>
internal static class BenchSearchCommand
{
    internal static Command Create()
    {
        var index = new Option<string>("--index") { Description = "embedded index directory", Required = true };
        var queries = new Option<string>("--queries") { Description = "JSONL {\"id\",\"vector\"} query vectors (bench synthetic --queries-output, or embed)", Required = true };
        var limit = new Option<int>("--limit") { Description = "queries to run", DefaultValueFactory = _ => 200 };
        var k = new Option<int>("--k") { DefaultValueFactory = _ => 10 };
        var modes = new Option<string>("--modes") { Description = "comma-separated: exact, int8, hnsw", DefaultValueFactory = _ => "exact,int8,hnsw" };
        var candidates = new Option<string>("--candidates")
        {
            Description = "HNSW: comma-separated candidate counts to sweep (the search expansion is at least this)",
            DefaultValueFactory = _ => "10,50,100,200",
        };
        var oversampling = new Option<int>("--oversampling")
        {
            Description = "int8: documents rescored in float32 per hit",
            DefaultValueFactory = _ => EmbeddedIndexOptions.DefaultRescoreOversampling,
        };
        var connectivity = new Option<int>("--connectivity") { DefaultValueFactory = _ => EmbeddedIndexOptions.DefaultConnectivity };
        var expansionAdd = new Option<int>("--expansion-add") { DefaultValueFactory = _ => EmbeddedIndexOptions.DefaultExpansionAdd };
        var filter = new Option<string?>("--filter") { Description = "metadata equality filter key=value on every query" };
        var scanThreads = new Option<int>("--scan-threads")
        {
            Description = "exact and int8: threads one query's scan may use",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var command = new Command("search", "vector-search latency and recall@K per mode; prints one JSON line per mode");
        foreach (var option in new Option[] { index, queries, limit, k, modes, candidates, oversampling, connectivity, expansionAdd, filter, scanThreads })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var directory = result.GetValue(index)!;
            if (!EmbeddedIndex.Exists(directory))
            {
                throw new CliException($"--index '{directory}' holds no embedded index");
            }

            var settings = new Settings(
                directory,
                QueryVectorFile.Read(result.GetValue(queries)!, Math.Max(1, result.GetValue(limit))),
                result.GetValue(k),
                ParseFilter(result.GetValue(filter)),
                result.GetValue(oversampling),
                result.GetValue(connectivity),
                result.GetValue(expansionAdd),
                Math.Max(1, result.GetValue(scanThreads)));
            var selected = result.GetValue(modes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var sweep = ParseCandidates(result.GetValue(candidates)!);
            await RunAsync(settings, selected, sweep, cancellationToken);
            return 0;
        });
        return command;
    }

    private sealed record Settings(
        string Directory, List<(string Id, float[] Vector)> Queries, int K, Dictionary<string, string> Filter, int Oversampling,
        int Connectivity, int ExpansionAdd, int ScanThreads);

    private static async Task RunAsync(Settings settings, string[] modes, int[] sweep, CancellationToken cancellationToken)
    {
        foreach (var mode in modes)
        {
            if (mode is not ("exact" or "int8" or "hnsw"))
            {
                throw new CliException($"--modes: unknown mode '{mode}' (exact, int8, hnsw)");
            }
        }

        // The truth: exact float32 over every row. Always computed, and printed when asked for.
        List<string>[] truth;
        await using (var exact = await OpenAsync(settings, VectorSearchMode.Exact, cancellationToken))
        {
            var (lists, latencies) = await RunQueriesAsync(exact.Index, settings, settings.K, cancellationToken);
            truth = lists;
            if (modes.Contains("exact"))
            {
                Print(settings, "exact", null, exact, truth, lists, latencies);
            }
        }

        if (modes.Contains("int8"))
        {
            await using var int8 = await OpenAsync(settings, VectorSearchMode.ExactInt8, cancellationToken);
            var (lists, latencies) = await RunQueriesAsync(int8.Index, settings, settings.K, cancellationToken);
            Print(settings, "int8", $"oversampling {settings.Oversampling}", int8, truth, lists, latencies);
        }

        if (modes.Contains("hnsw"))
        {
            await using var hnsw = await OpenAsync(settings, VectorSearchMode.Approximate, cancellationToken);
            foreach (var candidates in sweep)
            {
                var (lists, latencies) = await RunQueriesAsync(hnsw.Index, settings, candidates, cancellationToken);
                Print(settings, "hnsw", $"candidates {candidates}", hnsw, truth, lists, latencies);
            }
        }
    }

    private sealed record Opened(EmbeddedIndex Index, double BuildSeconds) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Index.DisposeAsync();
    }

    /// <summary>
    /// Opens the index in <paramref name="mode"/> and builds what the mode needs, timed: the graph when none is saved (then
    /// saved on close), or the int8 rows (built by the first search, so one query is run).
    /// </summary>
    private static async Task<Opened> OpenAsync(Settings settings, VectorSearchMode mode, CancellationToken cancellationToken)
    {
        var options = new EmbeddedIndexOptions
        {
            VectorSearch = mode,
            ReadOnly = mode != VectorSearchMode.Approximate,
            RescoreOversampling = settings.Oversampling,
            Connectivity = settings.Connectivity,
            ExpansionAdd = settings.ExpansionAdd,
            ScanThreads = settings.ScanThreads,
        };
        var watch = Stopwatch.StartNew();
        var index = await EmbeddedIndex.OpenAsync(settings.Directory, options, cancellationToken);
        await index.VectorSearchAsync(Query(settings, settings.Queries[0].Vector, settings.K), cancellationToken);
        var build = watch.Elapsed.TotalSeconds;

        // Warm-up, untimed: the first queries map pages and compile the search paths.
        foreach (var (_, vector) in settings.Queries.Take(20))
        {
            await index.VectorSearchAsync(Query(settings, vector, settings.K), cancellationToken);
        }

        return new Opened(index, build);
    }

    private static VectorQuery Query(Settings settings, float[] vector, int candidates) =>
        new(vector, settings.K, candidates, settings.Filter);

    private static async Task<(List<string>[] Lists, double[] Milliseconds)> RunQueriesAsync(
        EmbeddedIndex index, Settings settings, int candidates, CancellationToken cancellationToken)
    {
        var lists = new List<string>[settings.Queries.Count];
        var milliseconds = new double[settings.Queries.Count];
        for (var q = 0; q < settings.Queries.Count; q++)
        {
            var query = Query(settings, settings.Queries[q].Vector, candidates);
            var started = Stopwatch.GetTimestamp();
            var hits = await index.VectorSearchAsync(query, cancellationToken);
            milliseconds[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lists[q] = [.. hits.Select(h => h.Id)];
        }

        return (lists, milliseconds);
    }

    private static void Print(
        Settings settings, string mode, string? setting, Opened opened, List<string>[] truth, List<string>[] lists, double[] milliseconds)
    {
        double found = 0;
        double expected = 0;
        for (var q = 0; q < lists.Length; q++)
        {
            found += lists[q].Intersect(truth[q]).Count();
            expected += truth[q].Count;
        }

        var memory = opened.Index.VectorMemoryUse;
        var line = new Dictionary<string, object?>
        {
            ["mode"] = mode,
            ["setting"] = setting,
            ["documents"] = opened.Index.DescribeAsync().GetAwaiter().GetResult().Documents,
            ["dimensions"] = opened.Index.DocumentEncoder?.Dimensions,
            ["queries"] = lists.Length,
            ["k"] = settings.K,
            ["scan_threads"] = mode == "hnsw" ? null : settings.ScanThreads,
            ["filter"] = settings.Filter.Count == 0 ? null : string.Join(",", settings.Filter.Select(f => $"{f.Key}={f.Value}")),
            ["min_hits"] = lists.Min(l => l.Count),
            ["recall_at_k"] = expected == 0 ? 1.0 : Math.Round(found / expected, 4),
            ["p50_ms"] = Math.Round(Percentiles.Compute(milliseconds, 50), 3),
            ["p99_ms"] = Math.Round(Percentiles.Compute(milliseconds, 99), 3),
            ["mean_ms"] = Math.Round(milliseconds.Average(), 3),
            ["open_and_build_seconds"] = Math.Round(opened.BuildSeconds, 2),
            ["float32_mib"] = Mib(memory.Float32Bytes),
            ["int8_mib"] = Mib(memory.Int8Bytes),
            ["graph_mib"] = Mib(memory.GraphBytes),
            ["process_rss_mib"] = Mib(Environment.WorkingSet),
            ["cpu"] = CpuDescription.Current,
        };
        Console.WriteLine(JsonSerializer.Serialize(line));
    }

    private static double Mib(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);

    private static int[] ParseCandidates(string text)
    {
        var counts = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                throw new CliException($"--candidates '{text}': '{part}' is not a positive whole number");
            }

            counts.Add(count);
        }

        return counts.Count > 0 ? [.. counts] : throw new CliException("--candidates names no candidate count");
    }

    private static Dictionary<string, string> ParseFilter(string? text)
    {
        if (text is null)
        {
            return [];
        }

        var parts = text.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0)
        {
            throw new CliException($"--filter '{text}' is not key=value");
        }

        return new Dictionary<string, string> { [parts[0]] = parts[1] };
    }
}
