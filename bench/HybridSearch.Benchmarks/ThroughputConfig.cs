using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace HybridSearch.Benchmarks;

/// <summary>
/// Adds the median, the minimum (the least disturbed run on a shared machine) and the input GB/s (from the median) to the
/// defaults.
/// </summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(StatisticColumn.Median, StatisticColumn.Min, new BytesPerSecondColumn());
}
