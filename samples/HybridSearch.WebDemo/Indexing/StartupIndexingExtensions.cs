using HybridSearch.WebDemo.Indexing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the demo's start-up indexing and its readiness check.</summary>
internal static class StartupIndexingExtensions
{
    /// <summary>Tag of the health checks that say whether the app is ready for traffic.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Indexes the documents named by <c>StartupIndexing:Documents</c> in the background after start-up, with a health check
    /// tagged <see cref="ReadyTag"/> that is unhealthy until it is done.
    /// </summary>
    public static IServiceCollection AddStartupIndexing(this IServiceCollection services)
    {
        services.AddOptions<StartupIndexingOptions>()
            .BindConfiguration(StartupIndexingOptions.SectionName)
            .Validate(o => o.BatchSize >= 1, $"{StartupIndexingOptions.SectionName}:BatchSize must be 1 or more.")
            .ValidateOnStart();
        services.TryAddSingleton<IndexingStatus>();
        services.AddHostedService<StartupIndexer>();
        services.AddHealthChecks().AddCheck<IndexingHealthCheck>("startup-indexing", tags: [ReadyTag]);
        return services;
    }
}
