using BenchmarkDotNet.Attributes;
using HybridSearch.Numerics;

namespace HybridSearch.Benchmarks;

/// <summary>The best k of 100,000 scores: the bounded heap of <see cref="TopK"/> against sorting everything.</summary>
[Config(typeof(ThroughputConfig))]
public class TopKBenchmarks : IBytesPerOperation
{
    private float[] _scores = [];
    private float[] _keys = [];
    private int[] _items = [];
    private int[] _indices = [];
    private ulong[] _allowed = [];

    [Params(100_000)]
    public int Count { get; set; }

    [Params(10, 100)]
    public int K { get; set; }

    public double BytesPerOperation => (double)Count * sizeof(float);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _scores = new float[Count];
        for (var i = 0; i < _scores.Length; i++)
        {
            _scores[i] = (float)random.NextDouble();
        }

        _keys = new float[Count];
        _items = new int[Count];
        _indices = new int[K];
        _allowed = new ulong[(Count + 63) / 64];
        for (var i = 0; i < _allowed.Length; i++)
        {
            // Every other row allowed: a filter that keeps half the collection.
            _allowed[i] = 0x5555_5555_5555_5555UL;
        }
    }

    [Benchmark(Baseline = true)]
    public int ArraySort()
    {
        // Sorting is destructive, so the peer pays for a copy of the scores and an index array, as a caller would.
        _scores.CopyTo(_keys, 0);
        for (var i = 0; i < _items.Length; i++)
        {
            _items[i] = i;
        }

        Array.Sort(_keys, _items);
        // Ascending order: the best k are the last k.
        return _items[^K];
    }

    [Benchmark]
    public int TopKSelect() => TopK.Select(_scores, K, _indices);

    [Benchmark]
    public int TopKSelectFiltered() => TopK.Select(_scores, K, _indices, _allowed);
}
