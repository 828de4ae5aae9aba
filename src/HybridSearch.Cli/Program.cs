using System.CommandLine;
using HybridSearch.Cli;
using HybridSearch.Cli.Commands;

// Each command lives in Commands/<Name>Command.cs and contributes one line here.
var root = new RootCommand("hybridsearch: dual-encoder hybrid search on an embedded index or Elasticsearch");
root.Subcommands.Add(EmbedCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(IngestCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(TrainAdapterCommand.Create());
root.Subcommands.Add(QuantizeCommand.Create());
return await CliHost.InvokeAsync(root, args).ConfigureAwait(false);
