using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>One bulk operation: index <see cref="Document"/> under <see cref="Id"/>, or delete <see cref="Id"/> when it is null.</summary>
/// <param name="Id">The document id, also its <c>_id</c>, so rewriting a document replaces it.</param>
/// <param name="Document">The source to index; null for a delete.</param>
/// <param name="Bytes">Size of the action and source lines, for batching by bytes.</param>
internal sealed record BulkItem(string Id, IndexedDocument? Document, int Bytes)
{
    /// <summary>When set, the write requires the document at this revision (<c>if_seq_no</c> / <c>if_primary_term</c>).</summary>
    public DocumentRevision? Revision { get; init; }

    public bool IsDelete => Document is null;
}
