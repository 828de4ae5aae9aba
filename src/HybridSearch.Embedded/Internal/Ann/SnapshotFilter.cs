using HybridSearch.Embedded.Internal.Vectors;

namespace HybridSearch.Embedded.Internal.Ann;

/// <summary>
/// Accepts graph rows that are live in one snapshot and, when a metadata filter is given, pass it. The graph is shared by
/// all snapshots, so it also rejects rows written after the snapshot was taken.
/// </summary>
internal sealed class SnapshotFilter(VectorSnapshot snapshot, AllowedDocuments? allowed) : IAnnFilter
{
    public bool Accept(long key) =>
        snapshot.TryLocate(key, out var view, out var ordinal, out _) && (allowed is null || allowed.Contains(view.Segment, ordinal));
}
