using HybridSearch.Encoders;
using HybridSearch.Search;
using HybridSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HybridSearch.DependencyInjection.Tests;

/// <summary>Containers for tests: configuration from key/value pairs, the hashing encoder and the in-memory backend.</summary>
internal static class TestServices
{
    public static ServiceCollection Create(IDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        return services;
    }

    public static IHybridSearchBuilder AddFakes(this IHybridSearchBuilder builder, ITextEncoder encoder, ISearchBackend backend) =>
        builder.AddEncoder(_ => encoder).AddBackend(_ => backend);

    /// <summary>A backend holding <paramref name="documents"/> (id, text) encoded by <paramref name="encoder"/>.</summary>
    public static async Task<InMemorySearchBackend> IndexAsync(ITextEncoder encoder, params (string Id, string Text)[] documents)
    {
        var backend = new InMemorySearchBackend();
        await backend.EnsureIndexAsync(encoder.Identity);
        var encoded = new List<EncodedDocument>();
        foreach (var (id, text) in documents)
        {
            var vector = await encoder.EncodeAsync(text);
            encoded.Add(new EncodedDocument(new SearchDocument(id, text), [new EncodedPassage(0, text.Length, vector)], id));
        }

        await backend.UpsertAsync(encoded);
        return backend;
    }
}
