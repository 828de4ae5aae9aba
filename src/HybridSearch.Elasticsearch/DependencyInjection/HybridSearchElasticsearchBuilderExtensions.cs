using HybridSearch.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Elasticsearch (or OpenSearch) as the backend of <see cref="IHybridSearchBuilder"/>.</summary>
public static class HybridSearchElasticsearchBuilderExtensions
{
    /// <summary>
    /// Uses an Elasticsearch 9.x (or OpenSearch) cluster: settings bind from <c>HybridSearch:Elasticsearch</c> (<c>Url</c>,
    /// <c>IndexName</c>, credentials, …), then <paramref name="configure"/>, and are validated at start-up with messages
    /// naming the setting. No request is sent until first use; the health check reports whether the cluster answers. The
    /// backend serves both <see cref="HybridSearch.Search.ISearchBackend"/> and <see cref="HybridSearch.Search.IIndexWriter"/>; its
    /// <c>ElasticsearchClient</c> is <c>GetService&lt;ElasticsearchClient&gt;()</c>.
    /// </summary>
    public static IHybridSearchBuilder AddElasticsearch(this IHybridSearchBuilder builder, Action<ElasticsearchBackendOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        BindOptions(builder, configure);

        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchBackendOptions>, ElasticsearchBackendOptionsValidator>());
        // One backend serves search and writes; the container disposes it (disposing twice is harmless).
        builder.Services.TryAddSingleton(static services => ElasticsearchBackend.Create(
            services.GetRequiredService<IOptions<ElasticsearchBackendOptions>>().Value,
            services.GetService<ILoggerFactory>(),
            services.GetService<TimeProvider>()));
        return builder
            .AddBackend(static services => services.GetRequiredService<ElasticsearchBackend>())
            .AddIndexWriter(static services => services.GetRequiredService<ElasticsearchBackend>());
    }

    /// <summary>
    /// Uses the cluster of an <c>ElasticsearchClient</c> the application already registers or makes (its address,
    /// credentials and TLS apply); the rest of the settings (<c>IndexName</c>, vector index, fusion, …) bind from
    /// <c>HybridSearch:Elasticsearch</c> as in <see cref="AddElasticsearch(IHybridSearchBuilder, Action{ElasticsearchBackendOptions}?)"/>,
    /// and a connection setting there is an error naming it. See <c>ElasticsearchBackend.Create</c> for the client
    /// settings the backend relies on.
    /// </summary>
    public static IHybridSearchBuilder AddElasticsearch(
        this IHybridSearchBuilder builder,
        Func<IServiceProvider, Elastic.Clients.Elasticsearch.ElasticsearchClient> client,
        Action<ElasticsearchBackendOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(client);
        BindOptions(builder, configure);

        builder.Services.AddSingleton<IValidateOptions<ElasticsearchBackendOptions>>(new ElasticsearchBackendOptionsValidator(clientGiven: true));
        builder.Services.TryAddSingleton(services => ElasticsearchBackend.Create(
            services.GetRequiredService<IOptions<ElasticsearchBackendOptions>>().Value,
            client(services),
            services.GetService<ILoggerFactory>(),
            services.GetService<TimeProvider>()));
        return builder
            .AddBackend(static services => services.GetRequiredService<ElasticsearchBackend>())
            .AddIndexWriter(static services => services.GetRequiredService<ElasticsearchBackend>());
    }

    // Both overloads: the section, then the code's configuration, checked at start-up.
    private static void BindOptions(IHybridSearchBuilder builder, Action<ElasticsearchBackendOptions>? configure)
    {
        var options = builder.Services.AddOptions<ElasticsearchBackendOptions>()
            .Configure<IServiceProvider>(static (o, services) =>
                services.GetService<IConfiguration>()?.GetSection(ElasticsearchBackendOptions.SectionName).Bind(o))
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
    }
}
