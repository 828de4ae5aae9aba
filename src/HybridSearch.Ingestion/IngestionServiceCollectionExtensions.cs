using System.Diagnostics.Metrics;
using HybridSearch.Encoding;
using HybridSearch.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridSearch.Ingestion;

/// <summary>Registers the ingestion pipeline with dependency injection.</summary>
public static class IngestionServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IngestionPipeline"/> with <see cref="IngestionOptions"/> bound from
    /// <c>HybridSearch:Ingestion</c> and validated at start-up. The pipeline takes the document tower of the registered
    /// <see cref="DualEncoder"/> (else the registered <see cref="ITextEncoder"/>) and <see cref="IIndexWriter"/> (the embedded index's and Elasticsearch's <c>AddXxx</c>
    /// register one); <see cref="TimeProvider"/> defaults to the system clock.
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
            provider.GetService<DualEncoder>()?.DocumentEncoder ?? provider.GetRequiredService<ITextEncoder>(),
            provider.GetRequiredService<IIndexWriter>(),
            provider.GetRequiredService<IOptions<IngestionOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<IMeterFactory>()));
        return services;
    }
}
