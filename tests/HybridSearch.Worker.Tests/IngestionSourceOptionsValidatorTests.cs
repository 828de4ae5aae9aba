using HybridSearch.Ingestion;
using HybridSearch.Elasticsearch;
using HybridSearch.Testing;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker.Tests;

/// <summary>The source settings checked at start-up: each failure names its setting, so an operator can fix it from the message.</summary>
public sealed class IngestionSourceOptionsValidatorTests : IDisposable
{
    private const string S = "HybridSearch:Ingestion:Source";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static IngestionSourceOptions Backfill(Action<ElasticsearchBackfillOptions>? configure = null)
    {
        var options = new IngestionSourceOptions { Kind = "elasticsearch-backfill" };
        configure?.Invoke(options.Backfill);
        return options;
    }

    private static IEnumerable<string> Failures(IngestionSourceOptions options, string? indexKind = "elasticsearch") =>
        new IngestionSourceOptionsValidator(indexKind).Validate(null, options).Failures ?? [];

    [Fact]
    public void A_backfill_with_default_settings_and_an_elasticsearch_index_is_valid()
    {
        Assert.True(new IngestionSourceOptionsValidator("Elasticsearch").Validate(null, Backfill()).Succeeded);
    }

    [Fact]
    public void A_backfill_needs_the_elasticsearch_index_kind()
    {
        var failure = Assert.Single(Failures(Backfill(), indexKind: null));

        Assert.StartsWith($"{S}:Kind 'elasticsearch-backfill' rewrites documents of the Elasticsearch index in place, so " +
                          "HybridSearch:Index:Kind must be 'elasticsearch' (was 'embedded')", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_slice_id_must_be_below_the_slice_count()
    {
        var failure = Assert.Single(Failures(Backfill(o => (o.SliceId, o.SliceCount) = (4, 4))));

        Assert.Equal($"{S}:Backfill:SliceId is 4; it must be at least 0 and less than {S}:Backfill:SliceCount (4).", failure);
    }

    [Theory]
    [InlineData("PageSize", 0)]
    [InlineData("PageSize", 10_001)]
    [InlineData("SliceCount", 0)]
    public void Out_of_range_backfill_numbers_are_reported_by_setting(string setting, int value)
    {
        var options = Backfill(o =>
        {
            if (setting == "PageSize")
            {
                o.PageSize = value;
            }
            else
            {
                o.SliceCount = value;
            }
        });

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith($"{S}:Backfill:{setting} is {value};", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keep_alive_under_a_second_is_refused()
    {
        var failure = Assert.Single(Failures(Backfill(o => o.KeepAlive = TimeSpan.FromMilliseconds(10))));

        Assert.StartsWith($"{S}:Backfill:KeepAlive is 00:00:00.0100000;", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backfill_index_must_be_one_index_or_alias()
    {
        var failure = Assert.Single(Failures(Backfill(o => o.Index = "docs-*")));

        Assert.StartsWith($"{S}:Backfill:Index 'docs-*' must name one index or alias", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_kind_is_named_with_the_kinds_there_are()
    {
        var failure = Assert.Single(Failures(new IngestionSourceOptions { Kind = "kafka" }));

        Assert.Equal($"{S}:Kind 'kafka' is unknown: use 'file' or 'elasticsearch-backfill'.", failure);
    }

    [Fact]
    public void The_file_kind_is_the_default_and_still_needs_a_path()
    {
        var options = new IngestionSourceOptions();

        Assert.Equal("file", options.Kind);
        Assert.Equal($"{S}:Path must name a JSONL file or a folder of .txt/.md files.", Assert.Single(Failures(options, "embedded")));
    }

    [Fact]
    public async Task A_backfill_on_an_embedded_index_stops_start_up_with_a_message_naming_the_settings()
    {
        using var host = WorkerHost.CreateBuilder(
        [
            $"--HybridSearch:Index:Path={_directory.File("index")}",
            "--HybridSearch:Ingestion:Source:Kind=elasticsearch-backfill",
            "--HybridSearch:Ingestion:Source:Backfill:SliceCount=0",
            $"--HybridSearch:Ingestion:StateDirectory={_directory.File("state")}",
        ]).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith($"{S}:Kind 'elasticsearch-backfill'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith($"{S}:Backfill:SliceCount is 0;", StringComparison.Ordinal));
    }
}
