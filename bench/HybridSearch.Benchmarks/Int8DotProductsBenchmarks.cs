using BenchmarkDotNet.Attributes;
using HybridSearch.Numerics;

namespace HybridSearch.Benchmarks;

/// <summary>One 384-dimension int8 query against many int8 rows: the SIMD kernel against a plain scalar loop.</summary>
[Config(typeof(ThroughputConfig))]
public class Int8DotProductsBenchmarks : IBytesPerOperation
{
    private sbyte[] _query = [];
    private sbyte[] _rows = [];
    private int[] _scores = [];

    [Params(384)]
    public int Dimensions { get; set; }

    [Params(1_000, 10_000, 100_000)]
    public int Rows { get; set; }

    public double BytesPerOperation => (double)Rows * Dimensions;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _query = new sbyte[Dimensions];
        _rows = new sbyte[Rows * Dimensions];
        _scores = new int[Rows];
        random.NextBytes((byte[])(Array)_query);
        random.NextBytes((byte[])(Array)_rows);
    }

    [Benchmark(Baseline = true)]
    public int ScalarLoop()
    {
        VectorMath.DotProductsInt8Scalar(_query, _rows, Dimensions, Rows, _scores);
        return _scores[^1];
    }

    [Benchmark]
    public int VectorMathDotProducts()
    {
        VectorMath.DotProducts(_query, _rows, Dimensions, _scores);
        return _scores[^1];
    }
}
