using System.CommandLine;
using System.Text.Json;
using HybridSearch.Cli.Commands;
using HybridSearch.Cli.Tests.Support;
using HybridSearch.Cli.Ingestion;
using HybridSearch.Testing;
using HybridSearch.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridSearch.Cli.Tests.Commands;

/// <summary>The stats and keyword search commands end to end (they need no model); they redirect the console.</summary>
[Collection("Console output")]
public sealed class EmbeddedCommandsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hybridsearch-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Stats_json_reports_counts_and_the_encoder()
    {
        await BuildIndexAsync();

        var (code, output) = await RunAsync("stats", "--index", _folder, "--json");

        using var json = JsonDocument.Parse(output);
        Assert.Equal(0, code);
        Assert.Equal(2, json.RootElement.GetProperty("documents").GetInt64());
        Assert.Equal(2, json.RootElement.GetProperty("passages").GetInt64());
        Assert.Equal("fake", json.RootElement.GetProperty("model").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("dimensions").GetInt32());
    }

    [Fact]
    public async Task Keyword_search_json_has_the_contract_keys()
    {
        await BuildIndexAsync();

        var (code, output) = await RunAsync("search", "--index", _folder, "--query", "zebras", "--mode", "keyword", "--json");

        using var json = JsonDocument.Parse(output);
        var hit = Assert.Single(json.RootElement.GetProperty("hits").EnumerateArray());
        Assert.Equal(0, code);
        Assert.Equal("z", hit.GetProperty("id").GetString());
        Assert.Equal(1, hit.GetProperty("keyword").GetProperty("rank").GetInt32());
        Assert.Equal(JsonValueKind.Null, hit.GetProperty("semantic").ValueKind);
        Assert.Equal(hit.GetProperty("score").GetDouble(), hit.GetProperty("keyword").GetProperty("score").GetDouble());
        Assert.Equal("Zebra facts", hit.GetProperty("title").GetString());
        Assert.Equal("Zebra facts zebras have stripes", hit.GetProperty("passage").GetString());
    }

    [Fact]
    public async Task Searching_a_missing_index_fails_with_one_line_naming_it()
    {
        var (code, _) = await RunAsync("search", "--index", _folder, "--query", "x", "--mode", "keyword");

        Assert.Equal(1, code);
        Assert.False(Directory.Exists(_folder));
    }

    private async Task BuildIndexAsync()
    {
        var input = _folder + ".jsonl";
        await File.WriteAllLinesAsync(input, [
            """{"id":"z","title":"Zebra facts","text":"zebras have stripes"}""",
            """{"id":"l","title":"Lion facts","text":"lions roar"}""",
        ]);
        try
        {
            var settings = new IngestSettings(input, _folder, null, null, null, 8, null, false, true);
            await CliIngestion.RunAsync(settings, _ => new HashEncoder(dimensions: 4, model: "fake"), null, NullLoggerFactory.Instance, CancellationToken.None);
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var (code, stdout, _) = await InProcessCli.RunAsync([IngestCommand.Create(), SearchCommand.Create(), StatsCommand.Create()], args);
        return (code, stdout);
    }
}
