namespace HybridSearch.Search;

/// <summary>
/// Base for decorators of an <see cref="ISearchBackend"/> (telemetry, retries, access control): everything is passed to
/// <see cref="InnerBackend"/> unless overridden, the pending query vector included, so a decorator never loses the
/// overlap of keyword retrieval with query encoding.
/// </summary>
public abstract class DelegatingSearchBackend : ISearchBackend
{
    /// <summary>Wraps <paramref name="innerBackend"/>.</summary>
    protected DelegatingSearchBackend(ISearchBackend innerBackend)
    {
        ArgumentNullException.ThrowIfNull(innerBackend);
        InnerBackend = innerBackend;
    }

    /// <summary>The backend this one decorates. Whoever created it owns it.</summary>
    public ISearchBackend InnerBackend { get; }

    /// <inheritdoc />
    public virtual Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        InnerBackend.DescribeAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default) =>
        InnerBackend.SearchAsync(request, pendingQueryVector, cancellationToken);

    /// <inheritdoc />
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerBackend.GetService(serviceType, serviceKey);
    }
}
