namespace HybridSearch.Ingestion.Sources;

/// <summary>
/// Wakes a watched folder source when files change, and after a poll interval in any case: FileSystemWatcher misses
/// events on network shares and when its buffer overflows, and cannot start at all when the OS watch limit is reached.
/// </summary>
internal sealed class FolderChangeSignal : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly FileSystemWatcher? _watcher;
    private readonly SemaphoreSlim _changed = new(0, 1);

    public FolderChangeSignal(string root, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        try
        {
            _watcher = new FileSystemWatcher(root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Created += (_, _) => Signal();
            _watcher.Changed += (_, _) => Signal();
            _watcher.Renamed += (_, _) => Signal();
            _watcher.Error += (_, _) => Signal();
            _watcher.EnableRaisingEvents = true;
        }
        catch (IOException)
        {
            // Out of inotify watches or an unsupported file system: polling alone still finds every file.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>True when file-system events are being received; otherwise only polling runs.</summary>
    public bool IsWatching => _watcher is not null;

    public async Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(pollInterval, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _changed.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval elapsed: rescan.
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending; one rescan covers every change.
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
    }
}
