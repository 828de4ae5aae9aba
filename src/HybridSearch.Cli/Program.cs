using System.CommandLine;
using HybridSearch.Cli;

// Each command lives in Commands/<Name>Command.cs and contributes one line here.
var root = new RootCommand("hybridsearch: dual-encoder hybrid search on an embedded index or Elasticsearch");
return await CliHost.InvokeAsync(root, args).ConfigureAwait(false);
