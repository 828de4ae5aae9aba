using HybridSearch.Encoders;

namespace HybridSearch.Embedded.Internal.Storage;

/// <summary>
/// Everything the vector side of one commit consists of. Written to <c>manifest-{generation}.json</c> before the Lucene
/// commit that names its generation; see COMMIT-PROTOCOL.md.
/// </summary>
internal sealed record Manifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public long Generation { get; init; }

    /// <summary>The document encoder the index was built with; null until <c>EnsureIndexAsync</c>.</summary>
    public EncoderIdentity? Encoder { get; init; }

    /// <summary>Passage settings the index was built with, as the ingesting application described them.</summary>
    public string? Chunking { get; init; }

    /// <summary>Key of the next row written: row keys are never reused, so a deleted row's key never comes back.</summary>
    public long NextRowKey { get; init; }

    public int NextSegmentId { get; init; }

    public IReadOnlyList<ManifestSegment> Segments { get; init; } = [];

    /// <summary>The approximate-search graph over exactly the live rows of this commit, when one is kept.</summary>
    public ManifestGraph? Graph { get; init; }
}
