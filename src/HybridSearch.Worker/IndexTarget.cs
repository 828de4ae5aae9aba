using HybridSearch.Search;

namespace HybridSearch.Worker;

/// <summary>The index the worker writes to, how to make its writes durable, and what to dispose when done.</summary>
internal sealed class IndexTarget(ISearchBackend backend, IndexCommitHandler? commit, IAsyncDisposable? owner) : IAsyncDisposable
{
    public ISearchBackend Backend { get; } = backend;

    public IndexCommitHandler? Commit { get; } = commit;

    public ValueTask DisposeAsync() => owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
