using System.Diagnostics.Metrics;
using System.Globalization;
using HybridSearch.Encoders;
using HybridSearch.Ingestion.Hosting;
using HybridSearch.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
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
            DocumentEncoder(provider),
            provider.GetRequiredService<IIndexWriter>(),
            provider.GetRequiredService<IOptions<IngestionOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<IMeterFactory>()));
        return services;
    }

    /// <summary>
    /// Adds what <see cref="AddHybridSearchIngestion"/> adds and a hosted worker that ingests the registered
    /// <see cref="IDocumentSource"/> into the index that <paramref name="openIndex"/> opens (once, when the host starts; the
    /// worker closes it when the run ends), then stops the application. Stopping the host stops reading, drains what is in
    /// flight and checkpoints it: give the host a shutdown timeout of at least <see cref="ShutdownTimeout"/>. Run the host
    /// with <see cref="IngestionWorkerHost.RunAsync"/> for the exit codes.
    /// </summary>
    public static IServiceCollection AddHybridSearchIngestionWorker(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, CancellationToken, Task<IIndexWriter>> openIndex)
    {
        ArgumentNullException.ThrowIfNull(openIndex);
        services.AddHybridSearchIngestion(configuration);
        services.AddHostedService(provider => new IngestionHostedService(
            provider,
            openIndex,
            provider.GetRequiredService<IOptions<IngestionOptions>>(),
            provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<ILogger<IngestionHostedService>>()));
        return services;
    }

    /// <summary>
    /// How long a host must wait for a stopping worker: <c>HybridSearch:Ingestion:DrainTimeout</c> (the default when unset or
    /// invalid) plus 5 seconds for the final checkpoint. Read from raw configuration: resolving the validated options while
    /// the host is being built would turn a bad setting into a failure of <c>Build()</c> instead of a message naming it.
    /// </summary>
    public static TimeSpan ShutdownTimeout(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var drain = TimeSpan.TryParse(
            configuration[$"{IngestionOptions.SectionName}:DrainTimeout"], CultureInfo.InvariantCulture, out var configured) &&
            configured > TimeSpan.Zero ? configured : new IngestionOptions().DrainTimeout;
        return drain + TimeSpan.FromSeconds(5);
    }

    /// <summary>The document tower of the registered <see cref="DualEncoder"/>, else the registered <see cref="ITextEncoder"/>.</summary>
    internal static ITextEncoder DocumentEncoder(IServiceProvider provider) =>
        provider.GetService<DualEncoder>()?.DocumentEncoder ?? provider.GetRequiredService<ITextEncoder>();
}
