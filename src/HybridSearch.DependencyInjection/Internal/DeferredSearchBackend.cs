using HybridSearch.Encoding;
using HybridSearch.Search;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// A backend opened on first use, so container factories stay synchronous. Concurrent first callers share one open; a
/// failed or cancelled open is forgotten so the next call tries again. Disposes what it opened when it owns it.
/// </summary>
internal sealed class DeferredSearchBackend(Func<CancellationToken, Task<ISearchBackend>> open, bool ownsBackend = true)
    : ISearchBackend, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<ISearchBackend>? _opening;
    private bool _disposed;

    public async Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).DescribeAsync(cancellationToken).ConfigureAwait(false);

    public async Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).EnsureIndexAsync(documentEncoder, cancellationToken).ConfigureAwait(false);

    public async Task UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).UpsertAsync(documents, cancellationToken).ConfigureAwait(false);

    public async Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).DeleteAsync(ids, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).KeywordSearchAsync(query, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).VectorSearchAsync(query, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).GetPassageVectorsAsync(ids, cancellationToken).ConfigureAwait(false);

    public async Task<SearchResults> SearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).SearchAsync(request, queryVector, cancellationToken)
            .ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        Task<ISearchBackend>? opening;
        lock (_gate)
        {
            _disposed = true;
            opening = _opening;
        }

        if (!ownsBackend)
        {
            return;
        }

        if (opening is null || !opening.IsCompletedSuccessfully)
        {
            // Still opening or failed: nothing this instance can hand back yet; a pending open is awaited and closed.
            if (opening is null)
            {
                return;
            }

            try
            {
                await opening.ConfigureAwait(false);
            }
            catch (Exception) when (opening.IsFaulted || opening.IsCanceled)
            {
                // The open failed and its caller saw the exception; nothing was opened to close.
                return;
            }
        }

        switch (opening.Result)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private Task<ISearchBackend> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
            {
                // The open is shared by every caller, so it must not die with the first caller's token.
                _opening = open(CancellationToken.None);
            }

            return _opening.WaitAsync(cancellationToken);
        }
    }
}
