using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using HybridSearch.Numerics;

namespace HybridSearch.Benchmarks;

/// <summary>
/// One 384-dimension query against many contiguous rows: <see cref="VectorMath.DotProducts"/> against the peer, a loop
/// calling <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> per row.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class DotProductsBenchmarks : IBytesPerOperation
{
    private float[] _query = [];
    private float[] _rows = [];
    private float[] _scores = [];

    [Params(384)]
    public int Dimensions { get; set; }

    [Params(1_000, 10_000, 100_000)]
    public int Rows { get; set; }

    public double BytesPerOperation => (double)Rows * Dimensions * sizeof(float);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _query = new float[Dimensions];
        _rows = new float[Rows * Dimensions];
        _scores = new float[Rows];
        for (var i = 0; i < _query.Length; i++)
        {
            _query[i] = (float)random.NextDouble() - 0.5f;
        }

        for (var i = 0; i < _rows.Length; i++)
        {
            _rows[i] = (float)random.NextDouble() - 0.5f;
        }
    }

    [Benchmark(Baseline = true)]
    public float TensorPrimitivesDotPerRow()
    {
        var rows = _rows.AsSpan();
        for (var r = 0; r < Rows; r++)
        {
            _scores[r] = TensorPrimitives.Dot(_query, rows.Slice(r * Dimensions, Dimensions));
        }

        return _scores[^1];
    }

    [Benchmark]
    public float VectorMathDotProducts()
    {
        VectorMath.DotProducts(_query, _rows, Dimensions, _scores);
        return _scores[^1];
    }
}
