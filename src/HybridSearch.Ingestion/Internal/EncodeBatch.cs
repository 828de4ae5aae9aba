namespace HybridSearch.Ingestion.Internal;

/// <summary>Documents whose passages go to the encoder in one call.</summary>
internal sealed record EncodeBatch(IReadOnlyList<PreparedDocument> Documents, int Passages);
