namespace HybridSearch.Embedded.Internal.Keyword;

/// <summary>Field names of the Lucene documents; metadata fields are prefixed so no user key can collide with ours.</summary>
internal static class LuceneFields
{
    /// <summary>Document id: indexed untokenised (updates and deletes go by it) and stored (merges reorder Lucene doc ids).</summary>
    public const string Id = "id";

    /// <summary><c>title + " " + text</c>, analysed with the English analyzer: the one BM25 field.</summary>
    public const string Body = "body";

    public const string Title = "title";

    public const string Text = "text";

    /// <summary>Passage offsets in the encoding text, <c>start:length</c> comma-separated, in passage order.</summary>
    public const string Passages = "passages";

    /// <summary>Row key of the document's first passage vector: stored, and as doc values for fast filter masks.</summary>
    public const string Key = "key";

    /// <summary>Content hash of the encoded document, for resumable ingestion.</summary>
    public const string ContentHash = "hash";

    public const string MetadataPrefix = "m:";

    /// <summary>Lucene commit user data key naming the vector manifest generation of the commit.</summary>
    public const string ManifestGeneration = "hybridsearch.manifest";
}
