namespace HybridSearch.Elasticsearch.Internal;

/// <summary>Cuts a list of bulk items into requests of at most N items and B bytes; an item larger than B goes alone.</summary>
internal static class BulkBatcher
{
    public static List<List<BulkItem>> Split(IReadOnlyList<BulkItem> items, int maxItems, int maxBytes)
    {
        var batches = new List<List<BulkItem>>();
        var current = new List<BulkItem>();
        long bytes = 0;
        foreach (var item in items)
        {
            if (current.Count > 0 && (current.Count >= maxItems || bytes + item.Bytes > maxBytes))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(item);
            bytes += item.Bytes;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }
}
