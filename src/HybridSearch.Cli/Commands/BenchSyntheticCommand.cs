using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HybridSearch.Embedded;
using HybridSearch.Evaluation.Synthetic;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// <c>bench synthetic --count N (--index DIR | --output FILE) [--queries-output Q --queries M]</c>: clustered unit vectors
/// (<see cref="ClusteredVectors"/>) written straight into a new embedded index, or as JSONL <c>{"id","vector"}</c> lines
/// for <c>ingest</c>; and query vectors from the same distribution (not in the index) for <c>bench search</c>.
/// </summary>
internal static class BenchSyntheticCommand
{
    internal static Command Create()
    {
        var count = new Option<long>("--count") { Description = "vectors to generate", Required = true };
        var dimensions = new Option<int>("--dimensions") { Description = "vector length", DefaultValueFactory = _ => 384 };
        var clusters = new Option<int?>("--clusters") { Description = "cluster centres; default: one per 1,000 vectors" };
        var spread = new Option<float>("--spread") { Description = "noise length around a unit centre (1: about 45°)", DefaultValueFactory = _ => 1f };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42 };
        var index = new Option<string?>("--index") { Description = "new embedded index directory to write the vectors into" };
        var output = new Option<string?>("--output") { Description = "JSONL file of {\"id\",\"vector\"} lines instead, for ingest" };
        var queriesOutput = new Option<string?>("--queries-output") { Description = "JSONL file of query vectors {\"id\",\"vector\"}" };
        var queries = new Option<int>("--queries") { Description = "query vectors to write", DefaultValueFactory = _ => 1000 };
        var command = new Command("synthetic", "generate clustered unit vectors into an index or a file; prints {\"seconds\",\"vectors_per_second\",...}");
        foreach (var option in new Option[] { count, dimensions, clusters, spread, seed, index, output, queriesOutput, queries })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var n = result.GetValue(count);
            if (n < 1)
            {
                throw new CliException($"--count must be at least 1, not {n}");
            }

            var directory = result.GetValue(index);
            var file = result.GetValue(output);
            if (directory is null == file is null)
            {
                throw new CliException("Give either --index DIR or --output FILE");
            }

            var vectors = Generator(result.GetValue(dimensions), result.GetValue(clusters) ?? (int)Math.Max(1, n / 1000),
                result.GetValue(spread), result.GetValue(seed));
            var line = new Dictionary<string, object>
            {
                ["vectors"] = n,
                ["dimensions"] = vectors.Dimensions,
                ["clusters"] = vectors.Clusters,
                ["spread"] = vectors.Spread,
                ["seed"] = vectors.Seed,
            };
            var seconds = directory is not null
                ? await WriteIndexAsync(directory, vectors, n, cancellationToken)
                : WriteFile(file!, vectors, 0, n, cancellationToken);
            line["target"] = directory ?? file!;
            line["seconds"] = Math.Round(seconds, 2);
            line["vectors_per_second"] = Math.Round(n / seconds, 0);
            if (result.GetValue(queriesOutput) is { } queryFile)
            {
                // Queries follow the indexed vectors in the same stream: same distribution, none of them indexed.
                WriteFile(queryFile, vectors, n, result.GetValue(queries), cancellationToken, idPrefix: "q");
                line["queries"] = queryFile;
            }

            Console.WriteLine(JsonSerializer.Serialize(line));
            return 0;
        });
        return command;
    }

    private static ClusteredVectors Generator(int dimensions, int clusters, float spread, int seed)
    {
        try
        {
            return new ClusteredVectors(dimensions, clusters, spread, seed);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliException($"--{e.ParamName} must be positive, not {e.ActualValue}");
        }
    }

    private static async Task<double> WriteIndexAsync(string directory, ClusteredVectors vectors, long count, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new CliException($"--index '{directory}' is not empty; bench synthetic writes a new index");
        }

        await using var index = await EmbeddedIndex.OpenAsync(directory, new EmbeddedIndexOptions(), cancellationToken);
        var progress = new Progress<long>(written =>
        {
            if (written % 100_000 == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{written:N0} vectors written"));
            }
        });
        var elapsed = await SyntheticIndex.WriteAsync(index, vectors, 0, count, progress, cancellationToken);
        return elapsed.TotalSeconds;
    }

    private static double WriteFile(
        string path, ClusteredVectors vectors, long first, long count, CancellationToken cancellationToken, string idPrefix = "v")
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var writer = VectorFileWriter.Create(path);
        var vector = new float[vectors.Dimensions];
        for (var i = 0L; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            vectors.Fill(first + i, vector);
            writer.Write(JsonSerializer.Serialize(string.Create(CultureInfo.InvariantCulture, $"{idPrefix}{first + i}")), vector);
        }

        writer.Commit();
        return watch.Elapsed.TotalSeconds;
    }
}
