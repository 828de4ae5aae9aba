using HybridSearch.Elasticsearch;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker;

/// <summary>
/// Builds the worker's host: configuration from <c>appsettings.json</c>, environment variables (<c>HYBRIDSEARCH_</c>
/// prefix, <c>__</c> for sections, e.g. <c>HYBRIDSEARCH_INGESTION__BATCHSIZE=32</c> sets
/// <c>HybridSearch:Ingestion:BatchSize</c>) and the command line, every options class validated on start; then the
/// services those settings name: the ONNX encoder, the source, the index, and the hosted ingestion worker of
/// <see cref="IngestionServiceCollectionExtensions.AddHybridSearchIngestionWorker"/>. It composes; it holds no logic.
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
        services.AddSingleton(static provider => provider.GetRequiredService<LoadedEncoder>().Dual);
        services.AddSingleton(CreateSource);
        services.AddHybridSearchIngestionWorker(builder.Configuration, OpenIndexAsync);

        // The host must wait for the drain (and the final checkpoint) before it gives up on the worker.
        var shutdownTimeout = IngestionServiceCollectionExtensions.ShutdownTimeout(builder.Configuration);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdownTimeout);
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
            return ElasticsearchBackfill.CreateSource(
                provider.GetRequiredService<IOptions<ElasticsearchBackendOptions>>().Value,
                source.Backfill,
                IngestionPipeline.ContentHasher(provider.GetRequiredService<DualEncoder>().DocumentEncoder, ingestion),
                provider.GetService<ILoggerFactory>(),
                provider.GetService<TimeProvider>());
        }

        return Directory.Exists(source.Path)
            ? DocumentSources.Folder(source.Path, source.Watch, source.PollInterval, source.SettleTime, ingestion.MaxTextChars,
                provider.GetService<TimeProvider>())
            : DocumentSources.Jsonl(source.Path!, ingestion.MaxTextChars);
    }

    // Opened for the pipeline's encoder and chunking, so that an embedded index built with others is refused.
    private static Task<IIndexWriter> OpenIndexAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var encoder = provider.GetRequiredService<DualEncoder>().DocumentEncoder;
        return WorkerIndex.OpenAsync(
            provider.GetRequiredService<IOptions<IndexOptions>>().Value,
            provider.GetRequiredService<IOptions<ElasticsearchBackendOptions>>().Value,
            encoder.Identity,
            IngestionPipeline.ChunkingSetting(encoder, provider.GetRequiredService<IOptions<IngestionOptions>>().Value),
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>(),
            cancellationToken);
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
