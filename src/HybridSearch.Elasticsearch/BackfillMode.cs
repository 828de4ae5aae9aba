namespace HybridSearch.Elasticsearch;

/// <summary>Which documents of an existing index an Elasticsearch backfill hands to the ingestion pipeline.</summary>
public enum BackfillMode
{
    /// <summary>
    /// Documents without a vector, or whose stored <c>content_hash</c> is missing or differs from the one the current
    /// encoder and chunking give (a new model, new chunking settings, or text rewritten by another writer). The hash can
    /// only be compared client-side, so every document's text is read; only the candidates are re-encoded.
    /// </summary>
    MissingOrChanged,

    /// <summary>
    /// Only documents without a vector, selected by the server (<c>must_not exists</c>): far less traffic on a mostly
    /// encoded index, and an exact count for progress, but a changed text or model is not noticed.
    /// </summary>
    MissingVectors,
}
