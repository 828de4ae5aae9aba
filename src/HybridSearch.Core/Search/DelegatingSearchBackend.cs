using HybridSearch.Encoding;

namespace HybridSearch.Search;

/// <summary>
/// Base for decorators of an <see cref="ISearchBackend"/> (telemetry, retries, access control): everything is passed to
/// <see cref="InnerBackend"/> unless overridden.
/// </summary>
public abstract class DelegatingSearchBackend : ISearchBackend
{
    /// <summary>Wraps <paramref name="innerBackend"/>.</summary>
    protected DelegatingSearchBackend(ISearchBackend innerBackend)
    {
        ArgumentNullException.ThrowIfNull(innerBackend);
        InnerBackend = innerBackend;
    }

    /// <summary>The backend this one decorates. Whoever created it owns it.</summary>
    public ISearchBackend InnerBackend { get; }

    /// <inheritdoc />
    public virtual Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        InnerBackend.DescribeAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default) =>
        InnerBackend.EnsureIndexAsync(documentEncoder, cancellationToken);

    /// <inheritdoc />
    public virtual Task UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default) =>
        InnerBackend.UpsertAsync(documents, cancellationToken);

    /// <inheritdoc />
    public virtual Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        InnerBackend.DeleteAsync(ids, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(
        KeywordQuery query, CancellationToken cancellationToken = default) =>
        InnerBackend.KeywordSearchAsync(query, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(
        VectorQuery query, CancellationToken cancellationToken = default) =>
        InnerBackend.VectorSearchAsync(query, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        InnerBackend.GetPassageVectorsAsync(ids, cancellationToken);

    /// <inheritdoc />
    public virtual Task<SearchResults> SearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default) =>
        InnerBackend.SearchAsync(request, queryVector, cancellationToken);

    /// <inheritdoc />
    public virtual Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default) =>
        InnerBackend.SearchAsync(request, pendingQueryVector, cancellationToken);
}
