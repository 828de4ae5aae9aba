using System.CommandLine;
using HybridSearch.Embedded;
using HybridSearch.Search;

namespace HybridSearch.Cli.Commands;

/// <summary><c>search --index DIR --query Q [--mode keyword|semantic|hybrid] [--k 10] [--json]</c>.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Option<string>("--query") { Description = "Query text", Required = true };
        var mode = new Option<string>("--mode") { Description = "keyword, semantic or hybrid", DefaultValueFactory = _ => "hybrid" };
        mode.AcceptOnlyFromAmong("keyword", "semantic", "hybrid");
        var k = new Option<int>("--k") { Description = "Number of hits", DefaultValueFactory = _ => SearchRequest.DefaultK };
        var json = new Option<bool>("--json") { Description = "Print {\"hits\":[…]} as JSON" };
        var model = new Option<string?>("--model") { Description = "Query model; default: the model the index was built with" };
        var command = new Command("search", "Search an index; hits show final, keyword and semantic scores and ranks");
        var target = IndexTargetOptions.AddTo(command, "Embedded index directory");
        command.Options.Add(query);
        command.Options.Add(mode);
        command.Options.Add(k);
        command.Options.Add(json);
        command.Options.Add(model);
        command.SetAction((result, cancellationToken) => RunAsync(
            target, result, result.GetValue(query)!, result.GetValue(mode)!, result.GetValue(k), result.GetValue(json),
            result.GetValue(model), cancellationToken));
        return command;
    }

    /// <summary>
    /// Opens an index that must already exist (searching never creates one), read-only: it works while an ingest writes
    /// the index, and sees that ingest's commits.
    /// </summary>
    internal static async Task<EmbeddedIndex> OpenExistingAsync(string path, CancellationToken cancellationToken)
    {
        if (!EmbeddedIndex.Exists(path))
        {
            throw new CliException($"No embedded index at '{path}' (create one with ingest)");
        }

        return await EmbeddedIndex.OpenAsync(path, new EmbeddedIndexOptions { ReadOnly = true }, cancellationToken);
    }

    private static async Task<int> RunAsync(
        IndexTargetOptions target, ParseResult parsed, string queryText, string modeName, int k, bool json, string? model, CancellationToken cancellationToken)
    {
        if (k <= 0)
        {
            throw new CliException($"--k must be positive, got {k}");
        }

        var mode = modeName switch
        {
            "keyword" => SearchMode.Keyword,
            "semantic" => SearchMode.Semantic,
            _ => SearchMode.Hybrid,
        };
        await using var opened = await target.OpenExistingAsync(parsed, cancellationToken);
        var index = opened.Backend;
        var request = new SearchRequest(queryText) { K = k, Mode = mode };
        SearchResults results;
        if (mode == SearchMode.Keyword)
        {
            results = await index.SearchAsync(request, ReadOnlyMemory<float>.Empty, cancellationToken);
        }
        else
        {
            var built = (await index.DescribeAsync(cancellationToken)).DocumentEncoder
                ?? throw new CliException($"Index {opened.Label} holds no documents yet");
            var client = new HybridSearchClient(EncoderLoader.Load(model ?? built.Model), index);
            results = await client.SearchAsync(request, cancellationToken);
        }

        if (json)
        {
            SearchOutput.WriteJson(results);
        }
        else
        {
            SearchOutput.WriteTable(results);
        }

        return 0;
    }
}
