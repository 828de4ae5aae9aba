using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// One server dialect (Elasticsearch through the .NET client, OpenSearch over raw HTTP) behind
/// <see cref="HybridSearch.Elasticsearch.ElasticsearchBackend"/>.
/// </summary>
internal interface IBackendEngine : ISearchBackend, IDisposable
{
    /// <summary>Indexes documents by id through the bulk sink and returns its counts.</summary>
    Task<BulkWriteResult> WriteAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken);

    /// <summary>Deletes documents by id through the bulk sink and returns its counts.</summary>
    Task<BulkWriteResult> DeleteDocumentsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Hybrid search fused by the server (<c>rrf</c> or <c>linear</c> retriever), or null when the engine has none.</summary>
    Task<SearchResults>? ServerHybridSearchAsync(
        SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken);
}
