using HybridSearch.DependencyInjection;
using HybridSearch.Embedded;
using HybridSearch.Embedded.DependencyInjection;
using HybridSearch.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The embedded index as the backend of <see cref="IHybridSearchBuilder"/>.</summary>
public static class HybridSearchEmbeddedBuilderExtensions
{
    /// <summary>Configuration section of the index settings (<see cref="EmbeddedIndexOptions"/>: BM25, vector search mode…).</summary>
    public const string EmbeddedSectionName = HybridSearchOptions.SectionName + ":Embedded";

    /// <summary>
    /// Uses the embedded index in <paramref name="path"/>, else in the setting <c>HybridSearch:IndexPath</c>; a relative path
    /// is under the host's content root. Index settings bind from <c>HybridSearch:Embedded</c>, then
    /// <paramref name="configure"/>. One index serves both <see cref="ISearchBackend"/> and <see cref="IIndexWriter"/>
    /// (so an app can ingest through <c>AddHybridSearchIngestion</c>); it opens on first use and closes (committing) with
    /// the container. Its optimizer is <c>GetService&lt;IIndexOptimizer&gt;()</c> on either.
    /// </summary>
    public static IHybridSearchBuilder AddEmbeddedIndex(
        this IHybridSearchBuilder builder, string? path = null, Action<EmbeddedIndexOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var index = builder.Services.AddOptions<EmbeddedIndexOptions>()
            .Configure<IServiceProvider>(static (options, services) =>
                services.GetService<IConfiguration>()?.GetSection(EmbeddedSectionName).Bind(options));
        if (configure is not null)
        {
            index.Configure(configure);
        }

        builder.Services.AddOptions<HybridSearchOptions>().Validate(
            options => !string.IsNullOrWhiteSpace(path ?? options.IndexPath),
            "HybridSearch:IndexPath is required by AddEmbeddedIndex(): the folder of the index (created when missing).");
        builder.Services.Replace(ServiceDescriptor.Singleton(services =>
        {
            var directory = path ?? services.GetRequiredService<IOptions<HybridSearchOptions>>().Value.IndexPath!;
            var root = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            return new EmbeddedIndexHandle(Path.GetFullPath(directory, root), services.GetRequiredService<IOptions<EmbeddedIndexOptions>>().Value);
        }));

        // Both registrations hand out the handle's one index; the handle closes it (closing twice is harmless).
        return builder
            .AddBackend(static async (services, cancellationToken) =>
                (ISearchBackend)await services.GetRequiredService<EmbeddedIndexHandle>().GetAsync(cancellationToken).ConfigureAwait(false))
            .AddIndexWriter(static async (services, cancellationToken) =>
                (IIndexWriter)await services.GetRequiredService<EmbeddedIndexHandle>().GetAsync(cancellationToken).ConfigureAwait(false));
    }
}
