namespace HybridSearch.WebDemo.Indexing;

/// <summary>Progress of start-up indexing, written by <see cref="StartupIndexer"/> and read by the readiness check.</summary>
internal sealed class IndexingStatus
{
    private volatile IndexingState _state = IndexingState.Pending;
    private long _documents;
    private volatile string? _error;

    public IndexingState State => _state;

    public long Documents => Interlocked.Read(ref _documents);

    public string? Error => _error;

    public void Start() => _state = IndexingState.Running;

    /// <summary>Documents written so far (this run).</summary>
    public void Report(long documents) => Interlocked.Exchange(ref _documents, documents);

    public void Complete() => _state = IndexingState.Completed;

    public void Fail(string error)
    {
        _error = error;
        _state = IndexingState.Failed;
    }
}
