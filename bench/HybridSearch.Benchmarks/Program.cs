using BenchmarkDotNet.Running;

namespace HybridSearch.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/HybridSearch.Benchmarks -- --filter '*' --job short</c>.
/// </summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
