using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace HybridSearch.Benchmarks;

/// <summary>Adds the median and the input GB/s (from the median, robust to a noisy shared machine) to the defaults.</summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(StatisticColumn.Median, new BytesPerSecondColumn());
}
