using HybridSearch.Search;

namespace HybridSearch.Worker.Internal;

/// <summary>Encoded documents for one upsert, and their sequences to complete once the index acknowledges it.</summary>
internal sealed record WriteBatch(IReadOnlyList<EncodedDocument> Documents, IReadOnlyList<long> Sequences);
