using HybridSearch.Encoders;

namespace HybridSearch.Search;

/// <summary>What an index holds and which document encoder built it.</summary>
/// <param name="DocumentEncoder">Identity recorded when the index was created; null for an index not yet written.</param>
/// <param name="Documents">Number of documents.</param>
/// <param name="Passages">Number of encoded passages.</param>
public sealed record IndexDescription(EncoderIdentity? DocumentEncoder, long Documents, long Passages);
