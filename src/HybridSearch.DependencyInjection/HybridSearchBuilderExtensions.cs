using HybridSearch.DependencyInjection.Internal;
using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Encoders, backends and the health check of <see cref="IHybridSearchBuilder"/>.</summary>
public static class HybridSearchBuilderExtensions
{
    /// <summary>Name of the health check <see cref="AddHealthCheck"/> registers by default.</summary>
    public const string DefaultHealthCheckName = "hybridsearch";

    /// <summary>
    /// Uses the <see cref="DualEncoder"/> that <paramref name="factory"/> creates (query and document towers). Replaces any
    /// encoder added before. The factory runs once, on first use.
    /// </summary>
    public static IHybridSearchBuilder AddDualEncoder(this IHybridSearchBuilder builder, Func<IServiceProvider, DualEncoder> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>Uses one <see cref="ITextEncoder"/> for queries and documents (a siamese dual encoder).</summary>
    public static IHybridSearchBuilder AddEncoder(this IHybridSearchBuilder builder, Func<IServiceProvider, ITextEncoder> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        // The encoder is its own registration so the container disposes it; the dual encoder only refers to it.
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder.AddDualEncoder(static services => DualEncoder.Siamese(services.GetRequiredService<ITextEncoder>()));
    }

    /// <summary>Uses the backend that <paramref name="factory"/> creates. Replaces any backend added before.</summary>
    public static IHybridSearchBuilder AddBackend(this IHybridSearchBuilder builder, Func<IServiceProvider, ISearchBackend> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>
    /// Uses a backend that must be opened asynchronously (an index on disk, a cluster connection). <paramref name="open"/>
    /// runs once, on the first call that needs it; a failed open is retried on the next call. The container disposes the
    /// opened backend.
    /// </summary>
    public static IHybridSearchBuilder AddBackend(
        this IHybridSearchBuilder builder, Func<IServiceProvider, CancellationToken, Task<ISearchBackend>> open)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(open);
        return builder.AddBackend(services => new DeferredSearchBackend(cancellationToken => open(services, cancellationToken)));
    }

    /// <summary>Uses the index writer that <paramref name="factory"/> creates (for ingestion in the app). Replaces any added before.</summary>
    public static IHybridSearchBuilder AddIndexWriter(this IHybridSearchBuilder builder, Func<IServiceProvider, IIndexWriter> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>
    /// Uses an index writer that must be opened asynchronously; <paramref name="open"/> runs once, on the first write, and a
    /// failed open is retried on the next call. The container disposes the opened writer.
    /// </summary>
    public static IHybridSearchBuilder AddIndexWriter(
        this IHybridSearchBuilder builder, Func<IServiceProvider, CancellationToken, Task<IIndexWriter>> open)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(open);
        return builder.AddIndexWriter(services => new DeferredIndexWriter(cancellationToken => open(services, cancellationToken)));
    }

    /// <summary>
    /// Adds a health check that the backend answers, the index exists and was built by an encoder compatible with the
    /// configured one. Map it with <c>MapHealthChecks</c>; filter by <paramref name="tags"/>.
    /// </summary>
    public static IHybridSearchBuilder AddHealthCheck(
        this IHybridSearchBuilder builder,
        string name = DefaultHealthCheckName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddHealthChecks().AddCheck<HybridSearchHealthCheck>(name, failureStatus, tags ?? [], timeout);
        return builder;
    }
}
