using HybridSearch.Encoders;
using HybridSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HybridSearch.DependencyInjection.Tests;

public sealed class OnnxRegistrationTests
{
    [Fact]
    public async Task An_unknown_model_stops_the_host_at_start_up_naming_the_setting_and_the_value()
    {
        var error = await StartAsync(new Dictionary<string, string?> { ["HybridSearch:Model"] = "no-such-model" });

        Assert.Contains("HybridSearch:Model 'no-such-model' is neither a packaged model (minilm, arctic-xs, minilm-int8, arctic-xs-int8)", error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_setting_stops_the_host_at_start_up()
    {
        var error = await StartAsync(new Dictionary<string, string?>());

        Assert.Contains("HybridSearch:Model is required by AddOnnxEncoders()", error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Model")]
    public async Task The_packaged_arctic_model_gets_its_query_prefix_and_one_shared_encoder()
    {
        var services = TestServices.Create(new Dictionary<string, string?> { ["HybridSearch:Model"] = "arctic-xs" });
        services.AddHybridSearch().AddOnnxEncoders().AddBackend(_ => new InMemorySearchBackend());
        await using var provider = services.BuildServiceProvider();

        var dual = provider.GetRequiredService<DualEncoder>();
        var encoder = provider.GetRequiredService<ITextEncoder>();
        var query = await dual.EncodeQueryAsync("what is photosynthesis");
        var plain = await encoder.EncodeAsync("what is photosynthesis");

        Assert.Equal("arctic-xs", dual.DocumentIdentity.Model);
        Assert.Same(encoder, dual.DocumentEncoder);
        Assert.NotSame(encoder, dual.QueryEncoder);
        Assert.NotEqual(plain, query);
    }

    [Fact]
    [Trait("Category", "Model")]
    public async Task A_query_batch_window_makes_concurrent_queries_share_model_runs_and_encode_as_before()
    {
        var services = TestServices.Create(new Dictionary<string, string?>
        {
            ["HybridSearch:Model"] = "minilm",
            ["HybridSearch:Onnx:QueryBatchWindow"] = "00:00:00.002",
            ["HybridSearch:Onnx:MaxQueryBatch"] = "8",
        });
        services.AddHybridSearch().AddOnnxEncoders().AddBackend(_ => new InMemorySearchBackend());
        await using var provider = services.BuildServiceProvider();

        var dual = provider.GetRequiredService<DualEncoder>();
        var encoder = provider.GetRequiredService<ITextEncoder>();
        string[] queries = ["what is photosynthesis", "how do cells divide", "vitamin D"];
        var together = await Task.WhenAll(queries.Select(q => dual.EncodeQueryAsync(q)));

        var coalescing = Assert.IsType<CoalescingTextEncoder>(dual.QueryEncoder);
        Assert.Equal(TimeSpan.FromMilliseconds(2), coalescing.Window);
        Assert.Equal(8, coalescing.MaxBatch);
        Assert.Same(encoder, dual.DocumentEncoder);
        for (var i = 0; i < queries.Length; i++)
        {
            // float32 with padding masked out: the same vector up to rounding, whichever batch a query shared.
            Assert.True(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(await encoder.EncodeAsync(queries[i]), together[i]) > 0.99999f);
        }
    }

    private static async Task<OptionsValidationException?> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddHybridSearch().AddOnnxEncoders().AddBackend(_ => new InMemorySearchBackend());
        using var host = builder.Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }
}
