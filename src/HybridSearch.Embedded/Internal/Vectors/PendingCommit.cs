using HybridSearch.Embedded.Internal.Storage;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>What <see cref="VectorStore.Prepare"/> wrote for one commit, and the manifest entries describing it.</summary>
internal sealed record PendingCommit(
    List<SegmentView> Merged,
    MappedSegment? Written,
    List<string> CreatedFiles,
    List<ManifestSegment> Segments,
    ManifestGraph? Graph,
    long NextRowKey,
    int NextSegmentId);
