using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// One server dialect (Elasticsearch through the .NET client, OpenSearch over raw HTTP) behind
/// <see cref="HybridSearch.Elasticsearch.ElasticsearchBackend"/>.
/// </summary>
internal interface IBackendEngine : IRetrievalBackend, IDisposable
{
    /// <summary>Counts and the document encoder recorded in the index mapping.</summary>
    Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>Creates the versioned index behind the alias, or checks the existing one.</summary>
    Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken);

    /// <summary>Indexes documents by id through the bulk sink and returns its counts and rejections.</summary>
    Task<BulkWriteResult> WriteAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken);

    /// <summary>Deletes documents by id through the bulk sink and returns its counts and rejections.</summary>
    Task<BulkWriteResult> DeleteDocumentsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Hybrid search fused by the server (<c>rrf</c> or <c>linear</c> retriever), or null when the engine has none.</summary>
    Task<SearchResults>? ServerHybridSearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken);

    /// <summary>The engine's own client (the official <c>ElasticsearchClient</c>), or null.</summary>
    object? Client { get; }

    // The retrievals of the public contract return the documents' fields; both engines take that from here.
    Task<IReadOnlyList<RetrievedDocument>> IRetrievalBackend.KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken) =>
        KeywordSearchAsync(query, withFields: true, cancellationToken);

    Task<IReadOnlyList<RetrievedDocument>> IRetrievalBackend.VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken) =>
        VectorSearchAsync(query, withFields: true, cancellationToken);

    /// <summary>A keyword retrieval returning ids, scores and nothing else of the documents when <paramref name="withFields"/> is false.</summary>
    Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, bool withFields, CancellationToken cancellationToken);

    /// <summary>A vector retrieval returning ids, scores and best-passage offsets only when <paramref name="withFields"/> is false.</summary>
    Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, bool withFields, CancellationToken cancellationToken);

    /// <summary>The stored fields (no vectors) of <paramref name="ids"/>, in one request; ids the index lacks are left out.</summary>
    Task<IReadOnlyList<(string Id, IndexedDocument Source)>> FetchSourcesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);
}
