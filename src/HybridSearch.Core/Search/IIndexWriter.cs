using HybridSearch.Encoders;

namespace HybridSearch.Search;

/// <summary>
/// The write side of an index: create or check it, upsert and delete documents, and make acknowledged writes durable.
/// Every write says, document by document, what the index refused and why, so a caller never counts a rejected document
/// as written. The ingestion pipeline writes through this contract; so can any application.
/// </summary>
public interface IIndexWriter
{
    /// <summary>
    /// Creates the index for <paramref name="documentEncoder"/>, or checks that an existing index was built by a compatible
    /// encoder and throws <see cref="IncompatibleEncoderException"/> when it was not.
    /// </summary>
    Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds or replaces documents by id, all of their passages together; never duplicates. Documents the index refuses
    /// one by one (a server's per-item rejection) are listed in the result, not thrown; a failure of the whole write throws.
    /// </summary>
    Task<IndexWriteResult> UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>Removes documents by id; unknown ids count as deleted.</summary>
    Task<IndexWriteResult> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes every write acknowledged so far durable: after it returns, a crash loses none of them. Indexes whose writes are
    /// durable when acknowledged (Elasticsearch, through its translog) return at once.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>An optional capability of the index (for example <see cref="IIndexOptimizer"/>), or null.</summary>
    object? GetService(Type serviceType, object? serviceKey = null);
}
