using HybridSearch.Search;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// A search backend opened on first use (see <see cref="DeferredOpen{T}"/>). Forwards every member, the pending query
/// vector included, so keyword retrieval still overlaps query encoding.
/// </summary>
internal sealed class DeferredSearchBackend(Func<CancellationToken, Task<ISearchBackend>> open) : ISearchBackend, IAsyncDisposable
{
    private readonly DeferredOpen<ISearchBackend> _backend = new(open);

    public async Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        await (await _backend.GetAsync(cancellationToken).ConfigureAwait(false)).DescribeAsync(cancellationToken).ConfigureAwait(false);

    public async Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default) =>
        await (await _backend.GetAsync(cancellationToken).ConfigureAwait(false))
            .SearchAsync(request, pendingQueryVector, cancellationToken).ConfigureAwait(false);

    /// <remarks>
    /// The backend's capabilities are answered once it is open, which the first search or health check does; a synchronous
    /// call never waits on I/O to open it.
    /// </remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _backend.Opened?.GetService(serviceType, serviceKey);
    }

    public ValueTask DisposeAsync() => _backend.DisposeAsync();
}
