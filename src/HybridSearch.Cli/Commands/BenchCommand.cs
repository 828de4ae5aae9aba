using System.CommandLine;

namespace HybridSearch.Cli.Commands;

/// <summary><c>bench</c>: throughput measurements, one JSON line each.</summary>
internal static class BenchCommand
{
    internal static Command Create()
    {
        var command = new Command("bench", "measure throughput; each subcommand prints one JSON line");
        command.Subcommands.Add(BenchEncodeCommand.Create());
        command.Subcommands.Add(BenchSyntheticCommand.Create());
        command.Subcommands.Add(BenchSearchCommand.Create());
        command.Subcommands.Add(BenchKernelsCommand.Create());
        return command;
    }
}
