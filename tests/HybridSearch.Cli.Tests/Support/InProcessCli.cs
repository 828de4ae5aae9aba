using System.CommandLine;

namespace HybridSearch.Cli.Tests.Support;

/// <summary>
/// Runs CLI commands in this process with the console captured. The console is process-wide, so every test class that
/// uses this belongs to the "Console output" collection, which runs one test at a time.
/// </summary>
internal static class InProcessCli
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<Command> commands, params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exitCode = await CliHost.InvokeAsync(root, args);
            return (exitCode, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }
}
