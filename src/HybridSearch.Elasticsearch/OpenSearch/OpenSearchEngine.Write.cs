using System.Text.Json;
using HybridSearch.Elasticsearch.Internal;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.OpenSearch;

internal sealed partial class OpenSearchEngine
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
        var result = await _writer.WriteAsync(DocumentConverter.ToDeleteItems(ids), cancellationToken).ConfigureAwait(false);
        await RefreshIfAskedAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Writes the NDJSON body: an action line per item and a source line per indexed document.</summary>
    internal static byte[] BulkBody(IReadOnlyList<BulkItem> items)
    {
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            writer.WriteStartObject(item.IsDelete ? "delete" : "index");
            writer.WriteString("_id", item.Id);
            if (item.Revision is { } revision)
            {
                writer.WriteNumber("if_seq_no", revision.SequenceNumber);
                writer.WriteNumber("if_primary_term", revision.PrimaryTerm);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.Flush();
            buffer.WriteByte((byte)'\n');
            writer.Reset();
            if (item.Document is { } document)
            {
                JsonSerializer.Serialize(writer, document);
                writer.Flush();
                buffer.WriteByte((byte)'\n');
                writer.Reset();
            }
        }

        return buffer.ToArray();
    }

    private async Task<BulkAttempt> SendBulkAsync(IReadOnlyList<BulkItem> items, CancellationToken cancellationToken)
    {
        // require_alias through an alias, as for Elasticsearch (ElasticsearchEngine.SendBulkAsync says why).
        var path = IndexPath + "/_bulk" + (_layout is { } layout && !string.Equals(layout.ConcreteIndex, Index, StringComparison.Ordinal)
            ? "?require_alias=true"
            : "");
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Content = new ByteArrayContent(BulkBody(items));
        request.Content.Headers.ContentType = NdJson;
        string text;
        int status;
        TimeSpan? retryAfter;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            retryAfter = RetryAfterOf(response);
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return BulkAttempt.Failed(null, e.Message);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation; the caller did not cancel, so it is a timeout.
            return BulkAttempt.Failed(null, "timeout: " + e.Message);
        }

        if (status is < 200 or >= 300)
        {
            return BulkAttempt.Failed(status, text, retryAfter);
        }

        using var json = JsonDocument.Parse(text);
        var outcomes = new List<BulkItemOutcome>(items.Count);
        foreach (var entry in json.RootElement.GetProperty("items").EnumerateArray())
        {
            using var operation = entry.EnumerateObject();
            operation.MoveNext();
            var result = operation.Current.Value;
            var itemStatus = result.GetProperty("status").GetInt32();
            string? type = null, reason = null;
            if (result.TryGetProperty("error", out var error))
            {
                type = error.TryGetProperty("type", out var t) ? t.GetString() : null;
                reason = error.TryGetProperty("reason", out var r) ? r.GetString() : error.ToString();
            }

            outcomes.Add(new BulkItemOutcome(itemStatus, type, reason));
        }

        return BulkAttempt.Succeeded(outcomes);
    }

    private async Task RefreshIfAskedAsync(CancellationToken cancellationToken)
    {
        if (_options.RefreshAfterWrite)
        {
            using var _ = await SendJsonAsync(
                HttpMethod.Post, IndexPath + "/_refresh", null, "refresh", cancellationToken).ConfigureAwait(false);
        }
    }
}
