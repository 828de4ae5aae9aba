using HybridSearch.Search;
using HybridSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HybridSearch.DependencyInjection.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Options_bind_from_the_HybridSearch_section()
    {
        var services = TestServices.Create(new Dictionary<string, string?>
        {
            ["HybridSearch:QueryCacheSize"] = "7",
            ["HybridSearch:DefaultMode"] = "Semantic",
            ["HybridSearch:DefaultK"] = "3",
            ["HybridSearch:FusionMethod"] = "ReciprocalRank",
            ["HybridSearch:Rescore"] = "true",
        });
        services.AddHybridSearch().AddFakes(new BagOfWordsEncoder(), new InMemorySearchBackend());

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<HybridSearchOptions>>().Value;
        var request = options.CreateRequest("q");

        Assert.Equal(7, options.QueryCacheSize);
        Assert.Equal(SearchMode.Semantic, request.Mode);
        Assert.Equal(3, request.K);
        Assert.Equal(FusionMethod.ReciprocalRank, request.Fusion.Method);
        Assert.True(request.Rescore);
    }

    [Fact]
    public void Code_configuration_applies_over_the_configuration_section()
    {
        var services = TestServices.Create(new Dictionary<string, string?> { ["HybridSearch:DefaultK"] = "3" });
        services.AddHybridSearch(o => o.DefaultK = 5).AddFakes(new BagOfWordsEncoder(), new InMemorySearchBackend());

        using var provider = services.BuildServiceProvider();

        Assert.Equal(5, provider.GetRequiredService<IOptions<HybridSearchOptions>>().Value.DefaultK);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start_up_naming_each_setting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HybridSearch:QueryCacheSize"] = "-1",
            ["HybridSearch:FusionAlpha"] = "1.5",
            ["HybridSearch:DefaultK"] = "500",
        });
        builder.Services.AddHybridSearch().AddFakes(new BagOfWordsEncoder(), new InMemorySearchBackend());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("HybridSearch:QueryCacheSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("HybridSearch:FusionAlpha", error.Message, StringComparison.Ordinal);
        Assert.Contains("HybridSearch:DefaultK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_encoder_or_backend_stops_the_host_at_start_up_saying_what_to_add()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddHybridSearch();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("AddOnnxEncoders", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddEmbeddedIndex", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encoder_that_cannot_load_stops_the_host_at_start_up_with_its_own_error()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddHybridSearch()
            .AddEncoder(_ => throw new FileNotFoundException("Model folder 'models/x' has no model.onnx."))
            .AddBackend(_ => new InMemorySearchBackend());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => host.StartAsync());

        Assert.Contains("models/x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_configuration_starts()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddHybridSearch().AddFakes(new BagOfWordsEncoder(), new InMemorySearchBackend());
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.NotNull(host.Services.GetRequiredService<HybridSearchClient>());
    }
}
