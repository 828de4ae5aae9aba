using HybridSearch.DependencyInjection;
using HybridSearch.DependencyInjection.Internal;
using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HybridSearch query library in a service collection.</summary>
public static class HybridSearchServiceCollectionExtensions
{
    /// <summary>
    /// Adds the search client (<see cref="HybridSearchClient"/>, a thread-safe singleton) with a bounded cache of query
    /// embeddings, tracing and metrics, and <see cref="HybridSearchOptions"/> bound from the configuration section
    /// <c>HybridSearch</c> and validated at start-up. Add an encoder and a backend to the returned builder. Every default
    /// is registered with <c>TryAdd</c>, so an application can register its own part first. In a host, the client is built
    /// and the query encoder run once at start-up, so a model that cannot load stops the start.
    /// </summary>
    public static IHybridSearchBuilder AddHybridSearch(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(new HybridSearchRegistrations(services));
        services.AddOptions<HybridSearchOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HybridSearchOptions>, BindHybridSearchOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HybridSearchOptions>, HybridSearchOptionsValidator>());
        services.TryAddSingleton<QueryCacheStatistics>();
        services.TryAddSingleton(DefaultServices.CreateDualEncoder);
        services.TryAddSingleton(DefaultServices.CreateQueryTower);
        services.TryAddSingleton(DefaultServices.CreateClient);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HybridSearchWarmup>());
        return new HybridSearchBuilder(services);
    }

    /// <summary>
    /// <see cref="AddHybridSearch(IServiceCollection)"/>, then <paramref name="configure"/> applied over the configuration.
    /// </summary>
    public static IHybridSearchBuilder AddHybridSearch(this IServiceCollection services, Action<HybridSearchOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddHybridSearch();
        services.Configure(configure);
        return builder;
    }
}
