namespace HybridSearch.Embedded.Internal.Storage;

/// <summary>A committed vector segment file, its length (checked on open) and the ordinals of its deleted documents.</summary>
internal sealed record ManifestSegment(int Id, string File, long Length, int Documents, long Rows, int[] Deleted);
