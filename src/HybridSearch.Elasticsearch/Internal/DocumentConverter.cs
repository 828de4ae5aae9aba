using System.Text.Json;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>Turns encoded documents into bulk items in the index layout the options choose.</summary>
internal static class DocumentConverter
{
    // Action line: {"index":{"_id":"…"}} plus the index name the client may add; a fixed allowance is close enough for batching.
    private const int ActionLineBytes = 64;

    // The longest _id the servers accept (IndexRequest validation: "id ... must be no longer than 512 bytes").
    private const int MaxIdBytes = 512;

    /// <summary>
    /// Converts <paramref name="documents"/>; a document the layout cannot hold (several passages without nested passages,
    /// a vector of the wrong size) is returned in <paramref name="rejected"/> with the reason instead.
    /// </summary>
    public static List<BulkItem> ToBulkItems(
        IReadOnlyList<EncodedDocument> documents, bool nested, int dimensions, List<DocumentRejection> rejected)
    {
        var items = new List<BulkItem>(documents.Count);
        foreach (var encoded in documents)
        {
            var reason = Check(encoded, nested, dimensions);
            if (reason is not null)
            {
                rejected.Add(new DocumentRejection(encoded.Document.Id, reason));
                continue;
            }

            var source = ToSource(encoded, nested);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(source).Length + ActionLineBytes + encoded.Document.Id.Length;
            items.Add(new BulkItem(encoded.Document.Id, source, bytes) { Revision = encoded.Revision });
        }

        return items;
    }

    /// <summary>Delete operations for <paramref name="ids"/>.</summary>
    public static List<BulkItem> ToDeleteItems(IReadOnlyList<string> ids)
    {
        var items = new List<BulkItem>(ids.Count);
        foreach (var id in ids)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(id);
            items.Add(new BulkItem(id, null, ActionLineBytes + id.Length));
        }

        return items;
    }

    public static IndexedDocument ToSource(EncodedDocument encoded, bool nested)
    {
        var document = encoded.Document;
        var metadata = new Dictionary<string, string>(document.Metadata.Count, StringComparer.Ordinal);
        foreach (var (key, value) in document.Metadata)
        {
            metadata[key] = value;
        }

        var source = new IndexedDocument
        {
            Id = document.Id,
            Title = document.Title,
            Text = document.Text,
            ContentHash = encoded.ContentHash,
            Metadata = metadata,
        };
        if (nested)
        {
            source.Passages = new List<IndexedPassage>(encoded.Passages.Count);
            foreach (var passage in encoded.Passages)
            {
                source.Passages.Add(new IndexedPassage { Start = passage.Start, Length = passage.Length, Vector = passage.Vector });
            }
        }
        else
        {
            source.Vector = encoded.Passages[0].Vector;
        }

        return source;
    }

    private static string? Check(EncodedDocument encoded, bool nested, int dimensions)
    {
        // Elasticsearch and OpenSearch refuse an _id over 512 bytes by failing the whole bulk request (a validation error,
        // not an item error), so one such id would sink every document sent with it: it is refused here, alone.
        var idBytes = System.Text.Encoding.UTF8.GetByteCount(encoded.Document.Id);
        if (idBytes > MaxIdBytes)
        {
            return $"invalid_document: the id is {idBytes} bytes in UTF-8; Elasticsearch and OpenSearch take at most {MaxIdBytes}";
        }

        if (encoded.Passages.Count == 0)
        {
            return "invalid_document: the document has no encoded passage";
        }

        if (!nested && encoded.Passages.Count > 1)
        {
            return $"invalid_document: the document has {encoded.Passages.Count} passages but the index stores one vector " +
                   "per document; set NestedPassages or encode documents truncated to one passage";
        }

        for (var i = 0; i < encoded.Passages.Count; i++)
        {
            if (encoded.Passages[i].Vector.Length != dimensions)
            {
                return $"invalid_document: passage {i} has {encoded.Passages[i].Vector.Length} dimensions; the index has {dimensions}";
            }
        }

        return null;
    }
}
