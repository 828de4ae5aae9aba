using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HybridSearch.Ingestion.Hosting;

/// <summary>Runs an ingestion worker's host and turns its outcome into the process exit code.</summary>
public static class IngestionWorkerHost
{
    /// <summary>Exit code of a start-up refused for invalid settings (one line on stderr per setting, naming it).</summary>
    public const int InvalidSettingsExitCode = 2;

    /// <summary>
    /// Builds the host with <paramref name="build"/> and runs it until the worker stops. Returns 0 when the source was
    /// ingested or the run was stopped gracefully, 1 when ingestion or start-up failed (a model file missing, an index held
    /// by another process), <see cref="InvalidSettingsExitCode"/> when a setting is invalid; failures are written to
    /// stderr prefixed with <paramref name="name"/>.
    /// </summary>
    public static async Task<int> RunAsync(Func<IHost> build, string name)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            using var host = build();
            await host.RunAsync().ConfigureAwait(false);
            return Environment.ExitCode;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync($"{name}: {failure}").ConfigureAwait(false);
            }

            return InvalidSettingsExitCode;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
