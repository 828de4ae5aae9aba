using System.Diagnostics.Metrics;
using HybridSearch.Encoding;
using HybridSearch.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker;

/// <summary>Registers the ingestion pipeline with dependency injection.</summary>
public static class IngestionServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IngestionPipeline"/> with <see cref="IngestionOptions"/> bound from
    /// <c>HybridSearch:Ingestion</c> and validated at start-up. The pipeline takes the registered
    /// <see cref="ITextEncoder"/> and <see cref="ISearchBackend"/>, and an <see cref="IndexCommitHandler"/> if one is
    /// registered; <see cref="TimeProvider"/> defaults to the system clock.
    /// </summary>
    public static IServiceCollection AddHybridSearchIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider => new IngestionPipeline(
            provider.GetRequiredService<ITextEncoder>(),
            provider.GetRequiredService<ISearchBackend>(),
            provider.GetRequiredService<IOptions<IngestionOptions>>().Value,
            provider.GetService<IndexCommitHandler>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<IMeterFactory>()));
        return services;
    }
}
