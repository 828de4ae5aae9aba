using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>An index writer opened on first use (see <see cref="DeferredOpen{T}"/>); forwards every member.</summary>
internal sealed class DeferredIndexWriter(Func<CancellationToken, Task<IIndexWriter>> open) : IIndexWriter, IAsyncDisposable
{
    private readonly DeferredOpen<IIndexWriter> _writer = new(open);

    public async Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default) =>
        await (await _writer.GetAsync(cancellationToken).ConfigureAwait(false))
            .EnsureIndexAsync(documentEncoder, cancellationToken).ConfigureAwait(false);

    public async Task<IndexWriteResult> UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default) =>
        await (await _writer.GetAsync(cancellationToken).ConfigureAwait(false)).UpsertAsync(documents, cancellationToken).ConfigureAwait(false);

    public async Task<IndexWriteResult> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        await (await _writer.GetAsync(cancellationToken).ConfigureAwait(false)).DeleteAsync(ids, cancellationToken).ConfigureAwait(false);

    public async Task CommitAsync(CancellationToken cancellationToken = default) =>
        await (await _writer.GetAsync(cancellationToken).ConfigureAwait(false)).CommitAsync(cancellationToken).ConfigureAwait(false);

    /// <remarks>
    /// A capability of the index (an optimizer) is answered once the index is open, which the first write does; before
    /// that only this object answers, since a synchronous call must not wait on I/O.
    /// </remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return _writer.Opened?.GetService(serviceType, serviceKey);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
