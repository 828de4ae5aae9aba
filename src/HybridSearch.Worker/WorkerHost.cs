using System.Globalization;
using HybridSearch.Elasticsearch;
using HybridSearch.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker;

/// <summary>
/// Builds the worker's host: configuration from <c>appsettings.json</c>, environment variables (<c>HYBRIDSEARCH_</c>
/// prefix, <c>__</c> for sections, e.g. <c>HYBRIDSEARCH_INGESTION__BATCHSIZE=32</c> sets
/// <c>HybridSearch:Ingestion:BatchSize</c>) and the command line, every options class validated on start.
/// </summary>
internal static class WorkerHost
{
    public const string EnvironmentPrefix = "HYBRIDSEARCH_";

    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(PrefixedEnvironment());
        builder.Configuration.AddCommandLine(args);
        var services = builder.Services;
        services.AddHybridSearchIngestion(builder.Configuration);
        Bind<IngestionSourceOptions>(services, builder.Configuration.GetSection(IngestionSourceOptions.SectionName));
        var indexKind = builder.Configuration[$"{IndexOptions.SectionName}:Kind"];
        services.AddSingleton<IValidateOptions<IngestionSourceOptions>>(new IngestionSourceOptionsValidator(indexKind));
        Bind<EncoderOptions>(services, builder.Configuration.GetSection(EncoderOptions.SectionName));
        services.AddSingleton<IValidateOptions<EncoderOptions>, ComponentOptionsValidator>();
        Bind<IndexOptions>(services, builder.Configuration.GetSection(IndexOptions.SectionName));
        services.AddSingleton<IValidateOptions<IndexOptions>, ComponentOptionsValidator>();
        if (WorkerIndex.IsElasticsearch(indexKind))
        {
            // Validated only when used: an embedded-index worker has no Elasticsearch settings.
            Bind<ElasticsearchBackendOptions>(services, builder.Configuration.GetSection(ElasticsearchBackendOptions.SectionName));
            services.AddSingleton<IValidateOptions<ElasticsearchBackendOptions>, ElasticsearchBackendOptionsValidator>();
        }

        services.AddSingleton(static provider => new LoadedEncoder(provider.GetRequiredService<IOptions<EncoderOptions>>().Value));
        services.AddSingleton(CreateSource);
        services.AddHostedService<IngestionWorker>();

        // The host must wait for the drain (and the final checkpoint) before it gives up on the worker. Read from raw
        // configuration: resolving the validated options here would turn a bad setting into a failure of Build().
        var drain = TimeSpan.TryParse(
            builder.Configuration[$"{IngestionOptions.SectionName}:DrainTimeout"], CultureInfo.InvariantCulture, out var configured) &&
            configured > TimeSpan.Zero ? configured : new IngestionOptions().DrainTimeout;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = drain + TimeSpan.FromSeconds(5));
        return builder;
    }

    private static void Bind<T>(IServiceCollection services, IConfigurationSection section)
        where T : class =>
        services.AddOptions<T>().Bind(section).ValidateOnStart();

    private static IDocumentSource CreateSource(IServiceProvider provider)
    {
        var source = provider.GetRequiredService<IOptions<IngestionSourceOptions>>().Value;
        var ingestion = provider.GetRequiredService<IOptions<IngestionOptions>>().Value;
        if (source.IsElasticsearchBackfill)
        {
            // The hash must be the one the pipeline stamps on what it writes, or every run would find every document changed.
            var encoder = provider.GetRequiredService<LoadedEncoder>();
            return ElasticsearchBackfill.CreateSource(
                provider.GetRequiredService<IOptions<ElasticsearchBackendOptions>>().Value,
                source.Backfill,
                IngestionPipeline.ContentHasher(encoder.Document, ingestion),
                provider.GetService<Microsoft.Extensions.Logging.ILoggerFactory>(),
                provider.GetService<TimeProvider>());
        }

        return Directory.Exists(source.Path)
            ? DocumentSources.Folder(source.Path, source.Watch, source.PollInterval, source.SettleTime, ingestion.MaxTextChars,
                provider.GetService<TimeProvider>())
            : DocumentSources.Jsonl(source.Path!, ingestion.MaxTextChars);
    }

    // HYBRIDSEARCH_INGESTION__BATCHSIZE → HybridSearch:INGESTION:BATCHSIZE (configuration keys ignore case).
    private static Dictionary<string, string?> PrefixedEnvironment()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                values["HybridSearch:" + key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] =
                    variable.Value as string;
            }
        }

        return values;
    }
}
