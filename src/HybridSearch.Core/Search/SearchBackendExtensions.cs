namespace HybridSearch.Search;

/// <summary>Conveniences over <see cref="ISearchBackend"/> and <see cref="IIndexWriter"/>.</summary>
public static class SearchBackendExtensions
{
    /// <summary>Answers <paramref name="request"/> with a query vector already computed (empty for keyword mode).</summary>
    public static Task<SearchResults> SearchAsync(
        this ISearchBackend backend, SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend.SearchAsync(request, Task.FromResult(queryVector), cancellationToken);
    }

    /// <summary>The <typeparamref name="TService"/> the backend offers, or null.</summary>
    public static TService? GetService<TService>(this ISearchBackend backend, object? serviceKey = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend.GetService(typeof(TService), serviceKey) as TService;
    }

    /// <summary>The <typeparamref name="TService"/> the index offers, or null.</summary>
    public static TService? GetService<TService>(this IIndexWriter writer, object? serviceKey = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.GetService(typeof(TService), serviceKey) as TService;
    }
}
