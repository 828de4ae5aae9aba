namespace HybridSearch.Ingestion;

/// <summary>
/// An ingestion run failed: the index refused a write for good, retries ran out, the encoder failed on every document,
/// or draining timed out. The checkpoint still marks the last durable record, so the next run resumes from there.
/// </summary>
public sealed class IngestionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IngestionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
