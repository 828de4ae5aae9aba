namespace HybridSearch.Cli;

/// <summary>A failure the user can fix; printed as one line on stderr with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
