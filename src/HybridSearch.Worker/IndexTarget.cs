using HybridSearch.Search;

namespace HybridSearch.Worker;

/// <summary>The index the worker writes to, how to make its writes durable, and how to close it.</summary>
internal sealed class IndexTarget(ISearchBackend backend, IndexCommitHandler? commit, Func<ValueTask> close) : IAsyncDisposable
{
    public ISearchBackend Backend { get; } = backend;

    public IndexCommitHandler? Commit { get; } = commit;

    public ValueTask DisposeAsync() => close();
}
