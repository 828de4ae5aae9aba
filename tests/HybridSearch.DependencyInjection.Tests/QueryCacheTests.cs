using HybridSearch.Search;
using HybridSearch.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HybridSearch.DependencyInjection.Tests;

public sealed class QueryCacheTests
{
    [Fact]
    public async Task A_repeated_query_skips_the_model_and_counts_a_hit()
    {
        var (provider, encoder) = await CreateAsync(cacheSize: 16);
        await using var _ = provider;
        var client = provider.GetRequiredService<HybridSearchClient>();

        var first = await client.SearchAsync(new SearchRequest("plants energy") { Mode = SearchMode.Semantic });
        var second = await client.SearchAsync(new SearchRequest("plants energy") { Mode = SearchMode.Semantic });
        var statistics = provider.GetRequiredService<QueryCacheStatistics>();

        Assert.Equal(1, encoder.Calls);
        Assert.Equal(1, statistics.Hits);
        Assert.Equal(1, statistics.Misses);
        Assert.Equal(first.Hits.Select(h => (h.Id, h.Score)), second.Hits.Select(h => (h.Id, h.Score)));
    }

    [Fact]
    public async Task The_cache_forgets_the_least_recently_used_query_when_full()
    {
        var (provider, encoder) = await CreateAsync(cacheSize: 2);
        await using var _ = provider;
        var client = provider.GetRequiredService<HybridSearchClient>();

        foreach (var query in new[] { "one", "two", "one", "three", "one", "two" })
        {
            await client.SearchAsync(new SearchRequest(query) { Mode = SearchMode.Semantic });
        }

        var statistics = provider.GetRequiredService<QueryCacheStatistics>();
        // one (miss), two (miss), one (hit), three (miss, evicts two), one (hit), two (miss, evicts three).
        Assert.Equal(2, statistics.Hits);
        Assert.Equal(4, statistics.Misses);
        Assert.Equal(4, encoder.Texts);
    }

    [Fact]
    public async Task A_cache_size_of_zero_turns_the_cache_off()
    {
        var (provider, encoder) = await CreateAsync(cacheSize: 0);
        await using var _ = provider;
        var client = provider.GetRequiredService<HybridSearchClient>();

        await client.SearchAsync(new SearchRequest("same") { Mode = SearchMode.Semantic });
        await client.SearchAsync(new SearchRequest("same") { Mode = SearchMode.Semantic });

        Assert.Equal(2, encoder.Calls);
        Assert.Equal(0, provider.GetRequiredService<QueryCacheStatistics>().Hits);
    }

    [Fact]
    public async Task Concurrent_searches_share_the_client_and_the_cache()
    {
        var (provider, encoder) = await CreateAsync(cacheSize: 64);
        await using var _ = provider;
        var client = provider.GetRequiredService<HybridSearchClient>();
        var queries = Enumerable.Range(0, 400).Select(i => $"query {i % 8}").ToArray();

        var results = await Task.WhenAll(queries.Select(q => Task.Run(() => client.SearchAsync(new SearchRequest(q)))));
        var statistics = provider.GetRequiredService<QueryCacheStatistics>();

        Assert.All(results, r => Assert.NotEmpty(r.Hits));
        Assert.Equal(400, statistics.Hits + statistics.Misses);
        // Only misses reach the model; two racing misses of one query may both run it, so the split is not exact.
        Assert.Equal(statistics.Misses, encoder.Texts);
        Assert.InRange(encoder.Texts, 8, 399);
    }

    private static async Task<(ServiceProvider Provider, CountingEncoder Encoder)> CreateAsync(int cacheSize)
    {
        var encoder = new BagOfWordsEncoder();
        var backend = await TestServices.IndexAsync(encoder, ("a", "plants make energy"), ("b", "query one two three"));
        var services = TestServices.Create(new Dictionary<string, string?> { ["HybridSearch:QueryCacheSize"] = $"{cacheSize}" });
        // A fresh encoder with the same identity, so its counters see queries only.
        var queryEncoder = new CountingEncoder(new BagOfWordsEncoder());
        services.AddHybridSearch().AddFakes(queryEncoder, backend);
        return (services.BuildServiceProvider(), queryEncoder);
    }
}
