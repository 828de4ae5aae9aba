using System.Diagnostics.Metrics;
using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>The factories <c>AddHybridSearch</c> registers as defaults.</summary>
internal static class DefaultServices
{
    /// <summary>One registered <see cref="ITextEncoder"/> (or any embedding generator) serves both sides.</summary>
    public static DualEncoder CreateDualEncoder(IServiceProvider services)
    {
        if (services.GetService<ITextEncoder>() is { } encoder)
        {
            return DualEncoder.Siamese(encoder);
        }

        if (services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() is { } generator)
        {
            return DualEncoder.Siamese(new EmbeddingGeneratorTextEncoder(generator));
        }

        throw new InvalidOperationException(
            "HybridSearch has no encoder: call AddOnnxEncoders(...) on the builder that AddHybridSearch() returns, " +
            "or register an ITextEncoder or IEmbeddingGenerator<string, Embedding<float>>.");
    }

    /// <summary>The shared query encoder: instrumented, then cached so repeated queries skip the model (and its span).</summary>
    public static QueryTower CreateQueryTower(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<HybridSearchOptions>>().Value;
        var dual = services.GetRequiredService<DualEncoder>();
        ITextEncoder encoder = new InstrumentedTextEncoder(dual.QueryEncoder);
        if (options.QueryCacheSize > 0)
        {
            var statistics = services.GetRequiredService<QueryCacheStatistics>();
            encoder = new CachingTextEncoder(encoder, options.QueryCacheSize, statistics, services.GetService<IMeterFactory>());
        }

        return new QueryTower(DualEncoder.Asymmetric(encoder, dual.DocumentEncoder), encoder);
    }

    public static HybridSearchClient CreateClient(IServiceProvider services)
    {
        var tower = services.GetRequiredService<QueryTower>();
        var backend = services.GetRequiredService<ISearchBackend>();
        return new HybridSearchClient(tower.Encoder, new InstrumentedSearchBackend(backend));
    }
}
