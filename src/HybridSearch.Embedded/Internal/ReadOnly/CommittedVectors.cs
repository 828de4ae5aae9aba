using HybridSearch.Embedded.Internal.Storage;
using HybridSearch.Embedded.Internal.Vectors;

namespace HybridSearch.Embedded.Internal.ReadOnly;

/// <summary>
/// The vector side of a read-only open: the segment files of the manifest followed last, memory-mapped once and reused by
/// every later manifest that still names them (segment files never change, only their deletion lists do). Called only
/// under the follower's lock.
/// </summary>
internal sealed class CommittedVectors(string directory) : IDisposable
{
    // One reference each, owned here; snapshots take their own.
    private Dictionary<string, MappedSegment> _mapped = new(StringComparer.Ordinal);

    /// <summary>A snapshot of <paramref name="manifest"/>'s vectors; the caller releases it.</summary>
    /// <exception cref="FileNotFoundException">A segment file is gone: a writer has committed past this manifest.</exception>
    public VectorSnapshot Open(Manifest manifest)
    {
        var dimensions = manifest.Encoder?.Dimensions ?? 0;
        var next = new Dictionary<string, MappedSegment>(StringComparer.Ordinal);
        var views = new SegmentView[manifest.Segments.Count];
        try
        {
            for (var i = 0; i < views.Length; i++)
            {
                var entry = manifest.Segments[i];
                if (_mapped.TryGetValue(entry.File, out var segment))
                {
                    segment.AddReference();
                }
                else
                {
                    segment = MappedSegment.Open(Path.Combine(directory, entry.File), entry.Id, dimensions, entry.Length);
                }

                next.Add(entry.File, segment);
                var view = new SegmentView(segment);
                views[i] = entry.Deleted.Length == 0 ? view : view.WithDeleted(entry.Deleted);
            }
        }
        catch
        {
            Release(next);
            throw;
        }

        var snapshot = new VectorSnapshot(views, dimensions);
        Release(_mapped);
        _mapped = next;
        return snapshot;
    }

    public void Dispose()
    {
        Release(_mapped);
        _mapped.Clear();
    }

    private static void Release(Dictionary<string, MappedSegment> segments)
    {
        foreach (var segment in segments.Values)
        {
            segment.Release();
        }
    }
}
