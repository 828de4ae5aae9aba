using HybridSearch.Embedded;

namespace HybridSearch.Embedded.DependencyInjection;

/// <summary>
/// The one embedded index <c>AddEmbeddedIndex</c> registers behind both <see cref="Search.ISearchBackend"/> and
/// <see cref="Search.IIndexWriter"/>. It opens on first use (shared by every caller; a failed open is retried on the next
/// call) and is closed, committing pending writes, when the container is disposed.
/// </summary>
internal sealed class EmbeddedIndexHandle : IAsyncDisposable
{
    private readonly EmbeddedIndexOptions _options;
    private readonly Lock _gate = new();
    private Task<EmbeddedIndex>? _opening;
    private bool _disposed;

    internal EmbeddedIndexHandle(string path, EmbeddedIndexOptions options)
    {
        Path = path;
        _options = options;
    }

    /// <summary>Full path of the index directory.</summary>
    public string Path { get; }

    /// <summary>The open index, opening it on the first call.</summary>
    /// <exception cref="IOException">Another process has the index open.</exception>
    public Task<EmbeddedIndex> GetAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
            {
                // Shared by every caller, so it must not be cancelled with the first caller's token.
                _opening = EmbeddedIndex.OpenAsync(Path, _options, CancellationToken.None);
            }

            return _opening.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Closes the index if it was opened (committing pending writes unless the options say otherwise).</summary>
    public async ValueTask DisposeAsync()
    {
        Task<EmbeddedIndex>? opening;
        lock (_gate)
        {
            _disposed = true;
            opening = _opening;
        }

        if (opening is not null && await Opened(opening).ConfigureAwait(false) is { } index)
        {
            await index.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<EmbeddedIndex?> Opened(Task<EmbeddedIndex> opening)
    {
        try
        {
            return await opening.ConfigureAwait(false);
        }
        catch (Exception) when (opening.IsFaulted || opening.IsCanceled)
        {
            // The open failed and its callers saw why; there is nothing to close.
            return null;
        }
    }
}
