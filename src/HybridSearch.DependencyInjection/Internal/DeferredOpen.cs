namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// An object opened on first use, so container factories stay synchronous. Concurrent first callers share one open; a
/// failed or cancelled open is forgotten so the next call tries again. Disposes what it opened.
/// </summary>
internal sealed class DeferredOpen<T>(Func<CancellationToken, Task<T>> open) : IAsyncDisposable
    where T : class
{
    private readonly Lock _gate = new();
    private Task<T>? _opening;
    private bool _disposed;

    /// <summary>The object, when an open has completed; never starts one.</summary>
    public T? Opened
    {
        get
        {
            lock (_gate)
            {
                return _opening is { IsCompletedSuccessfully: true } opening ? opening.Result : null;
            }
        }
    }

    public Task<T> GetAsync(CancellationToken cancellationToken)
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

    public async ValueTask DisposeAsync()
    {
        Task<T>? opening;
        lock (_gate)
        {
            _disposed = true;
            opening = _opening;
        }

        if (opening is null)
        {
            return;
        }

        T opened;
        try
        {
            // A pending open is awaited, so what it opens is closed too.
            opened = await opening.ConfigureAwait(false);
        }
        catch (Exception) when (opening.IsFaulted || opening.IsCanceled)
        {
            // The open failed and its caller saw the exception; nothing was opened to close.
            return;
        }

        switch (opened)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
