using System.CommandLine;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using HybridSearch.Numerics;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// <c>bench kernels [--rows 1000000] [--dimensions 384]</c>: the dot-product kernels' read rate over a memory-resident
/// float32 and int8 matrix, as a fraction of this machine's memory read bandwidth measured in the same run (one thread each,
/// as one query scans). Bandwidth is a vectorised sum over the same bytes, the fastest a single core streams memory; a
/// kernel at 100% would be limited by memory alone. Medians of several passes.
/// </summary>
internal static class BenchKernelsCommand
{
    // Rows per kernel call, as the index scans (a score buffer that stays in L1/L2).
    private const int ChunkRows = 2048;

    internal static Command Create()
    {
        var rows = new Option<int>("--rows") { DefaultValueFactory = _ => 1_000_000 };
        var dimensions = new Option<int>("--dimensions") { DefaultValueFactory = _ => 384 };
        var passes = new Option<int>("--passes") { DefaultValueFactory = _ => 7 };
        var command = new Command("kernels", "dot-product kernel bytes/s against memory bandwidth; prints one JSON line per matrix");
        command.Options.Add(rows);
        command.Options.Add(dimensions);
        command.Options.Add(passes);
        command.SetAction((ParseResult result) =>
        {
            var (n, d, p) = (result.GetValue(rows), result.GetValue(dimensions), Math.Max(3, result.GetValue(passes)));
            if (n < ChunkRows || d < 1)
            {
                throw new CliException($"--rows must be at least {ChunkRows} and --dimensions at least 1");
            }

            Measure<float>(n, d, p, "float32");
            Measure<sbyte>(n, d, p, "int8");
            return 0;
        });
        return command;
    }

    private static void Measure<T>(int rows, int dimensions, int passes, string name)
        where T : unmanaged
    {
        var length = (long)rows * dimensions;
        var matrix = new T[length];
        var bytes = (long)MemoryMarshal.AsBytes(matrix.AsSpan()).Length;
        Fill(matrix);
        var random = new Random(1);
        var floatQuery = Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var int8Query = new sbyte[dimensions];
        Int8Quantization.Quantize(floatQuery, int8Query);
        var floatScores = new float[ChunkRows];
        var intScores = new int[ChunkRows];

        var bandwidth = Median(passes, () =>
        {
            // A sum over the same bytes read as floats, whatever T: the fastest one core streams them.
            var floats = MemoryMarshal.Cast<T, float>(matrix.AsSpan());
            GC.KeepAlive(TensorPrimitives.Sum(floats));
        });
        var kernel = Median(passes, () =>
        {
            for (var first = 0; first < rows; first += ChunkRows)
            {
                var count = Math.Min(ChunkRows, rows - first);
                if (matrix is float[] floats)
                {
                    VectorMath.DotProducts(floatQuery, floats.AsSpan(first * dimensions, count * dimensions), dimensions, floatScores);
                }
                else
                {
                    var int8 = (sbyte[])(object)matrix;
                    VectorMath.DotProducts(int8Query, int8.AsSpan(first * dimensions, count * dimensions), dimensions, intScores);
                }
            }
        });

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["matrix"] = name,
            ["rows"] = rows,
            ["dimensions"] = dimensions,
            ["mib"] = Math.Round(bytes / (1024.0 * 1024.0), 1),
            ["passes"] = passes,
            ["bandwidth_gb_per_s"] = Math.Round(bytes / bandwidth / 1e9, 2),
            ["kernel_gb_per_s"] = Math.Round(bytes / kernel / 1e9, 2),
            ["kernel_ms"] = Math.Round(kernel * 1000, 2),
            ["fraction_of_bandwidth"] = Math.Round(bandwidth / kernel, 3),
            ["cpu"] = CpuDescription.Current,
        }));
    }

    private static void Fill<T>(T[] matrix)
        where T : unmanaged
    {
        // Small values of either type; every page is written, so the matrix is resident before timing starts.
        var random = new Random(7);
        if (matrix is float[] floats)
        {
            for (var i = 0; i < floats.Length; i++)
            {
                floats[i] = (random.Next(255) - 127) / 1024f;
            }
        }
        else
        {
            random.NextBytes(MemoryMarshal.AsBytes(matrix.AsSpan()));
        }
    }

    private static double Median(int passes, Action pass)
    {
        pass();
        var seconds = new double[passes];
        for (var p = 0; p < passes; p++)
        {
            var started = Stopwatch.GetTimestamp();
            pass();
            seconds[p] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        Array.Sort(seconds);
        return seconds[passes / 2];
    }
}
