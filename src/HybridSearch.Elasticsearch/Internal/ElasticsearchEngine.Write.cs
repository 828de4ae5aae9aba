using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

internal sealed partial class ElasticsearchEngine
{
    public async Task<BulkWriteResult> WriteAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return BulkWriteResult.Empty;
        }

        var layout = await GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        var rejected = new List<DocumentRejection>();
        var items = DocumentConverter.ToBulkItems(documents, layout.Nested, layout.Dimensions, rejected);
        _writer.LogRejected(rejected);
        var result = await _writer.WriteAsync(items, cancellationToken).ConfigureAwait(false);
        await RefreshIfAskedAsync(cancellationToken).ConfigureAwait(false);
        return new BulkWriteResult(0, 0, rejected) + result;
    }

    public async Task<BulkWriteResult> DeleteDocumentsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return BulkWriteResult.Empty;
        }

        var result = await _writer.WriteAsync(DocumentConverter.ToDeleteItems(ids), cancellationToken).ConfigureAwait(false);
        await RefreshIfAskedAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>One bulk request for <paramref name="items"/>; never throws for server or network trouble, it reports it.</summary>
    private async Task<BulkAttempt> SendBulkAsync(IReadOnlyList<BulkItem> items, CancellationToken cancellationToken)
    {
        var operations = new BulkOperationsCollection();
        foreach (var item in items)
        {
            operations.Add(item.IsDelete
                ? new BulkDeleteOperation(item.Id)
                : new BulkIndexOperation<IndexedDocument>(item.Document!)
                {
                    Id = item.Id,
                    IfSequenceNumber = item.Revision?.SequenceNumber,
                    IfPrimaryTerm = item.Revision?.PrimaryTerm,
                });
        }

        // Through an alias (the index HybridSearch creates is {name}-v1 behind the alias {name}), require_alias makes a
        // missing alias an error instead of an index Elasticsearch creates on the spot with dynamic mappings (float arrays
        // mapped as dense_vector with cosine, text without the English analyzer). A name that is itself a concrete index
        // cannot be auto-created while it exists, and require_alias would refuse it. Writes read the layout before they
        // come here; deletes may not have, and a delete never creates an index.
        var request = new BulkRequest(Index) { Operations = operations, RequireAlias = ThroughAlias ? true : null };
        var response = await _client.BulkAsync(request, cancellationToken).ConfigureAwait(false);
        var details = response.ApiCallDetails;
        if (details.HttpStatusCode is not { } status || status is < 200 or >= 300)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reason = response.ElasticsearchServerError?.Error is { } cause
                ? $"{cause.Type}: {cause.Reason}"
                : details.OriginalException?.Message ?? "no response";
            return BulkAttempt.Failed(details.HttpStatusCode, reason, RetryAfterOf(details));
        }

        var outcomes = new List<BulkItemOutcome>(response.Items.Count);
        foreach (var item in response.Items)
        {
            outcomes.Add(new BulkItemOutcome(item.Status, item.Error?.Type, item.Error?.Reason));
        }

        return BulkAttempt.Succeeded(outcomes);
    }

    private async Task RefreshIfAskedAsync(CancellationToken cancellationToken)
    {
        if (_options.RefreshAfterWrite)
        {
            var response = await _client.Indices.RefreshAsync(Index, cancellationToken).ConfigureAwait(false);
            ThrowIfFailed(response, "refresh");
        }
    }
}
