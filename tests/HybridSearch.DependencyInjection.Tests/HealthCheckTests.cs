using HybridSearch.Search;
using HybridSearch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HybridSearch.DependencyInjection.Tests;

public sealed class HealthCheckTests
{
    [Fact]
    public async Task Healthy_when_the_index_exists_and_was_built_by_the_configured_encoder()
    {
        var encoder = new BagOfWordsEncoder();
        var report = await CheckAsync(encoder, await TestServices.IndexAsync(encoder, ("a", "text")));

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(1L, report.Entries["hybridsearch"].Data["documents"]);
    }

    [Fact]
    public async Task Unhealthy_when_the_backend_does_not_answer()
    {
        var backend = new InMemorySearchBackend { Failure = new HttpRequestException("connection refused") };

        var entry = (await CheckAsync(new BagOfWordsEncoder(), backend)).Entries["hybridsearch"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("connection refused", entry.Description, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(entry.Exception);
    }

    [Fact]
    public async Task Unhealthy_when_the_index_was_never_created()
    {
        var entry = (await CheckAsync(new BagOfWordsEncoder(), new InMemorySearchBackend())).Entries["hybridsearch"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("not been created", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_naming_both_encoders_when_the_index_was_built_by_another_model()
    {
        var indexed = await TestServices.IndexAsync(new BagOfWordsEncoder(model: "old-model"), ("a", "text"));

        var entry = (await CheckAsync(new BagOfWordsEncoder(model: "new-model"), indexed)).Entries["hybridsearch"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("old-model", entry.Description, StringComparison.Ordinal);
        Assert.Contains("new-model", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_failure_status_and_tags_are_the_registrations()
    {
        var services = TestServices.Create();
        services.AddLogging();
        services.AddHybridSearch().AddFakes(new BagOfWordsEncoder(), new InMemorySearchBackend())
            .AddHealthCheck("search", HealthStatus.Degraded, ["ready"]);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Degraded, report.Entries["search"].Status);
    }

    private static async Task<HealthReport> CheckAsync(BagOfWordsEncoder encoder, ISearchBackend backend)
    {
        var services = TestServices.Create();
        services.AddLogging();
        services.AddHybridSearch().AddFakes(encoder, backend).AddHealthCheck();
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }
}
