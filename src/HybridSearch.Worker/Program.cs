using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker;

/// <summary>Entry point of the ingestion worker.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        try
        {
            using var host = WorkerHost.CreateBuilder(args).Build();
            await host.RunAsync().ConfigureAwait(false);
            return Environment.ExitCode;
        }
        catch (OptionsValidationException e)
        {
            // One line per invalid setting, each naming it.
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync($"hybridsearch-worker: {failure}").ConfigureAwait(false);
            }

            return 2;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            // Start-up failures with a clear message (a model file missing, an index held by another process).
            await Console.Error.WriteLineAsync($"hybridsearch-worker: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
