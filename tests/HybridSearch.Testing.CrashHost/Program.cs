using HybridSearch.Ingestion.Hosting;

namespace HybridSearch.Testing.CrashHost;

/// <summary>Entry point of the crash-test host; exit codes are the worker's (<see cref="IngestionWorkerHost.RunAsync"/>).</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) =>
        IngestionWorkerHost.RunAsync(() => CrashHostBuilder.Create(args).Build(), "crash-host");
}
