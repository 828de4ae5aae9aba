using HybridSearch.Encoders;
using HybridSearch.Search;
using HybridSearch.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HybridSearch.DependencyInjection.Tests;

public sealed class SearchClientRegistrationTests
{
    [Fact]
    public async Task The_client_is_one_shared_instance_that_searches_the_registered_backend()
    {
        var encoder = new BagOfWordsEncoder();
        var backend = await TestServices.IndexAsync(encoder, ("a", "plants make energy from light"), ("b", "stars are hot"));
        var services = TestServices.Create();
        services.AddHybridSearch().AddFakes(encoder, backend);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<HybridSearchClient>();
        var results = await client.SearchAsync(new SearchRequest("plants energy") { K = 1 });

        Assert.Same(client, provider.GetRequiredService<HybridSearchClient>());
        Assert.Equal("a", Assert.Single(results.Hits).Id);
    }

    [Fact]
    public async Task Parts_registered_by_the_application_before_AddHybridSearch_are_kept()
    {
        var own = DualEncoder.Siamese(new BagOfWordsEncoder(dimensions: 32, model: "own"));
        var services = TestServices.Create();
        services.AddSingleton(own);
        services.AddSingleton<ISearchBackend>(new InMemorySearchBackend());
        services.AddHybridSearch();
        await using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<DualEncoder>());
        Assert.Equal("own", provider.GetRequiredService<HybridSearchClient>().Encoder.DocumentIdentity.Model);
    }

    [Fact]
    public async Task A_registered_ITextEncoder_serves_both_sides_when_no_encoder_was_added_to_the_builder()
    {
        var encoder = new BagOfWordsEncoder(dimensions: 16);
        var services = TestServices.Create();
        services.AddSingleton<ITextEncoder>(encoder);
        services.AddHybridSearch().AddBackend(_ => new InMemorySearchBackend());
        await using var provider = services.BuildServiceProvider();

        var dual = provider.GetRequiredService<DualEncoder>();

        Assert.Same(encoder, dual.QueryEncoder);
        Assert.Same(encoder, dual.DocumentEncoder);
    }

    [Fact]
    public async Task Any_registered_embedding_generator_can_be_the_encoder()
    {
        var services = TestServices.Create();
        services.AddSingleton<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>(
            new ConstantEmbeddingGenerator(dimensions: 3));
        services.AddHybridSearch().AddBackend(_ => new InMemorySearchBackend());
        await using var provider = services.BuildServiceProvider();

        var dual = provider.GetRequiredService<DualEncoder>();
        var vector = await dual.EncodeQueryAsync("anything");

        Assert.Equal(3, dual.Dimensions);
        Assert.Equal("constant-model", dual.DocumentIdentity.Model);
        Assert.Equal([1f, 0f, 0f], vector);
    }

    [Fact]
    public async Task A_backend_opened_asynchronously_opens_once_for_concurrent_callers_and_is_disposed_with_the_container()
    {
        var opened = 0;
        var backend = new DisposableBackend();
        var services = TestServices.Create();
        services.AddHybridSearch().AddEncoder(_ => new BagOfWordsEncoder()).AddBackend(async (_, cancellationToken) =>
        {
            Interlocked.Increment(ref opened);
            await Task.Delay(50, cancellationToken);
            return backend;
        });
        var provider = services.BuildServiceProvider();
        var registered = provider.GetRequiredService<ISearchBackend>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => registered.DescribeAsync()));
        await provider.DisposeAsync();

        Assert.Equal(1, opened);
        Assert.True(backend.Disposed);
    }

    [Fact]
    public async Task A_backend_that_failed_to_open_is_opened_again_on_the_next_call()
    {
        var attempts = 0;
        var services = TestServices.Create();
        services.AddHybridSearch().AddEncoder(_ => new BagOfWordsEncoder()).AddBackend((_, _) =>
            Interlocked.Increment(ref attempts) == 1
                ? Task.FromException<ISearchBackend>(new IOException("index locked"))
                : Task.FromResult<ISearchBackend>(new InMemorySearchBackend()));
        await using var provider = services.BuildServiceProvider();
        var registered = provider.GetRequiredService<ISearchBackend>();

        var first = await Assert.ThrowsAsync<IOException>(() => registered.DescribeAsync());
        var description = await registered.DescribeAsync();

        Assert.Equal("index locked", first.Message);
        Assert.Equal(0, description.Documents);
        Assert.Equal(2, attempts);
    }

    private sealed class DisposableBackend : DelegatingSearchBackend, IDisposable
    {
        public DisposableBackend()
            : base(new InMemorySearchBackend())
        {
        }

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
