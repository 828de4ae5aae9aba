using HybridSearch.Ingestion.Hosting;

namespace HybridSearch.Worker;

/// <summary>Entry point of the ingestion worker.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) =>
        IngestionWorkerHost.RunAsync(() => WorkerHost.CreateBuilder(args).Build(), "hybridsearch-worker");
}
