using HybridSearch.Embedded;
using HybridSearch.Encoders;
using HybridSearch.Search;
using HybridSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HybridSearch.DependencyInjection.Tests;

public sealed class BackendRegistrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hybridsearch-di-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_embedded_index_opens_on_first_use_takes_writes_answers_searches_and_keeps_its_writes_after_the_container_closes()
    {
        var encoder = new BagOfWordsEncoder();
        var services = TestServices.Create(new Dictionary<string, string?> { ["HybridSearch:IndexPath"] = _directory });
        services.AddHybridSearch().AddEncoder(_ => encoder).AddEmbeddedIndex();
        await using (var provider = services.BuildServiceProvider())
        {
            var writer = provider.GetRequiredService<IIndexWriter>();
            Assert.False(Directory.Exists(_directory));

            await writer.EnsureIndexAsync(encoder.Identity);
            var vector = await encoder.EncodeAsync("volcanoes erupt lava");
            var written = await writer.UpsertAsync(
                [new EncodedDocument(new SearchDocument("v", "volcanoes erupt lava"), [new EncodedPassage(0, 20, vector)], "h")]);
            var results = await provider.GetRequiredService<HybridSearchClient>().SearchAsync(new SearchRequest("lava"));

            Assert.Equal(1, written.Written);
            Assert.Equal("v", Assert.Single(results.Hits).Id);
            Assert.NotNull(writer.GetService<IIndexOptimizer>());
            Assert.Equal(Path.GetFullPath(_directory), writer.GetService<EmbeddedIndex>()!.DirectoryPath);
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_directory);
        Assert.Equal(1, (await reopened.DescribeAsync()).Documents);
    }

    [Fact]
    public async Task The_embedded_index_needs_an_index_path_at_start_up()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddHybridSearch().AddEncoder(_ => new BagOfWordsEncoder()).AddEmbeddedIndex();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("HybridSearch:IndexPath is required by AddEmbeddedIndex()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elasticsearch_settings_are_validated_at_start_up_naming_the_setting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["HybridSearch:Elasticsearch:IndexName"] = "docs" });
        builder.Services.AddHybridSearch().AddEncoder(_ => new BagOfWordsEncoder()).AddElasticsearch();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("HybridSearch:Elasticsearch:Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_cluster_makes_the_health_check_unhealthy()
    {
        var services = TestServices.Create(new Dictionary<string, string?>
        {
            // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
            ["HybridSearch:Elasticsearch:Url"] = "http://127.0.0.1:9",
            ["HybridSearch:Elasticsearch:IndexName"] = "docs",
            ["HybridSearch:Elasticsearch:MaxRetries"] = "0",
        });
        services.AddLogging();
        services.AddHybridSearch().AddEncoder(_ => new BagOfWordsEncoder()).AddElasticsearch().AddHealthCheck();
        await using var provider = services.BuildServiceProvider();

        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["hybridsearch"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("The search backend did not answer", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_elasticsearch_client_the_app_already_has_carries_the_connection()
    {
        // The app's client (its address here: nothing listens on port 9) is the one the backend uses; the rest binds as usual.
        var services = TestServices.Create(new Dictionary<string, string?>
        {
            ["HybridSearch:Elasticsearch:IndexName"] = "docs",
            ["HybridSearch:Elasticsearch:MaxRetries"] = "0",
        });
        var client = new Elastic.Clients.Elasticsearch.ElasticsearchClient(
            new Elastic.Clients.Elasticsearch.ElasticsearchClientSettings(new Uri("http://127.0.0.1:9")));
        services.AddSingleton(client);
        services.AddLogging();
        services.AddHybridSearch().AddEncoder(_ => new BagOfWordsEncoder())
            .AddElasticsearch(static sp => sp.GetRequiredService<Elastic.Clients.Elasticsearch.ElasticsearchClient>())
            .AddHealthCheck();
        await using var provider = services.BuildServiceProvider();

        var backend = provider.GetRequiredService<HybridSearch.Elasticsearch.ElasticsearchBackend>();
        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["hybridsearch"];

        Assert.Same(client, backend.GetService(typeof(Elastic.Clients.Elasticsearch.ElasticsearchClient)));
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("127.0.0.1:9", entry.Exception?.ToString() ?? entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_setting_beside_a_given_client_is_refused_at_start_up_naming_it()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HybridSearch:Elasticsearch:IndexName"] = "docs",
            ["HybridSearch:Elasticsearch:Url"] = "http://localhost:9200",
        });
        builder.Services.AddHybridSearch().AddEncoder(_ => new BagOfWordsEncoder()).AddElasticsearch(
            static _ => new Elastic.Clients.Elasticsearch.ElasticsearchClient(new Uri("http://localhost:9200")));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("HybridSearch:Elasticsearch:Url would be ignored", error.Message, StringComparison.Ordinal);
    }
}
