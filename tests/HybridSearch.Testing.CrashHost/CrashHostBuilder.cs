using HybridSearch.Embedded;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HybridSearch.Testing.CrashHost;

/// <summary>
/// The worker's host with test parts: the command line (the worker's setting names) binds <c>HybridSearch:Ingestion:*</c>
/// for the same hosted ingestion worker; the source is the JSONL file at <see cref="SourcePathKey"/>, the index the
/// embedded one at <see cref="IndexPathKey"/>, and the encoder a <see cref="HashEncoder"/> slowed by
/// <see cref="DelayKey"/> per document so that a kill lands mid-run.
/// </summary>
internal static class CrashHostBuilder
{
    public const string SourcePathKey = "HybridSearch:Ingestion:Source:Path";
    public const string IndexPathKey = "HybridSearch:Index:Path";
    public const string DelayKey = "CrashHost:DelayPerDocument";

    public static HostApplicationBuilder Create(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddSingleton<ITextEncoder>(new HashEncoder(delayPerText: configuration.GetValue<TimeSpan>(DelayKey)));
        services.AddSingleton(provider => DocumentSources.Jsonl(
            Required(configuration, SourcePathKey), provider.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxTextChars));
        services.AddHybridSearchIngestionWorker(configuration, OpenIndexAsync);
        var shutdownTimeout = IngestionServiceCollectionExtensions.ShutdownTimeout(configuration);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdownTimeout);
        return builder;
    }

    private static async Task<IIndexWriter> OpenIndexAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var encoder = provider.GetRequiredService<ITextEncoder>();
        var chunking = IngestionPipeline.ChunkingSetting(encoder, provider.GetRequiredService<IOptions<IngestionOptions>>().Value);
        var options = new EmbeddedIndexOptions { ExpectedEncoder = encoder.Identity, Chunking = chunking };
        return await EmbeddedIndex.OpenAsync(Required(provider.GetRequiredService<IConfiguration>(), IndexPathKey), options, cancellationToken)
            .ConfigureAwait(false);
    }

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : throw new ArgumentException($"{key} must be set.");
}
