using System.Globalization;
using HybridSearch.Embedded.Internal.Storage;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>The vector side of a commit: durable files first (<see cref="Prepare"/>), state swapped after (<see cref="Complete"/>).</summary>
internal sealed partial class VectorStore
{
    public static string GraphFileName(long generation) =>
        $"graph-{generation.ToString("D10", CultureInfo.InvariantCulture)}.usearch";

    /// <summary>
    /// Writes and flushes everything commit <paramref name="generation"/> needs that is not on disk yet: one segment file
    /// holding the in-memory segments (or, when compaction is due, every live row), and the graph when it changed. Returns
    /// the manifest entries; nothing changes in memory until <see cref="Complete"/>.
    /// </summary>
    public PendingCommit Prepare(long generation, CancellationToken cancellationToken)
    {
        var merged = ChooseMerge();
        MappedSegment? written = null;
        string? graphFile = _graphFile;
        var created = new List<string>();
        try
        {
            if (merged.Count > 0 && merged.Any(static v => v.LiveDocuments > 0))
            {
                var id = _nextSegmentId++;
                var path = Path.Combine(_directory, SegmentFile.FileName(id));
                created.Add(path);
                var length = SegmentFile.Write(path, Dimensions, merged, cancellationToken);
                written = MappedSegment.Open(path, id, Dimensions, length);
            }

            if (Graph is not null && (_graphDirty || _graphFile is null))
            {
                graphFile = GraphFileName(generation);
                var path = Path.Combine(_directory, graphFile);
                created.Add(path);
                Graph.Save(path);
            }

            DurableDirectory.Flush(_directory);
        }
        catch
        {
            written?.Release();
            DeleteQuietly(created);
            throw;
        }

        var entries = new List<ManifestSegment>();
        foreach (var view in _segments)
        {
            if (!merged.Contains(view))
            {
                var segment = (MappedSegment)view.Segment;
                entries.Add(new ManifestSegment(
                    segment.Id, Path.GetFileName(segment.Path), segment.FileLength, segment.DocumentCount, segment.RowCount,
                    view.DeletedOrdinals()));
            }
        }

        if (written is not null)
        {
            entries.Add(new ManifestSegment(
                written.Id, Path.GetFileName(written.Path), written.FileLength, written.DocumentCount, written.RowCount, []));
        }

        var graph = Graph is null ? null : new ManifestGraph(graphFile!, _options.Connectivity, _options.ExpansionAdd);
        return new PendingCommit(merged, written, created, entries, graph, _nextKey, _nextSegmentId);
    }

    /// <summary>Swaps in the committed state after the commit point; returns files no commit needs any more.</summary>
    public List<string> Complete(PendingCommit commit)
    {
        var obsolete = new List<string>();
        foreach (var view in commit.Merged)
        {
            _segments.Remove(view);
            if (view.Segment is MappedSegment mapped)
            {
                obsolete.Add(mapped.Path);
            }

            view.Segment.Release();
        }

        if (commit.Written is { } written)
        {
            _segments.Add(new SegmentView(written));
            for (var d = 0; d < written.DocumentCount; d++)
            {
                _locations[written.Ids[d]] = (written, d);
            }
        }

        if (commit.Graph is not null && commit.Graph.File != _graphFile)
        {
            if (_graphFile is not null)
            {
                obsolete.Add(Path.Combine(_directory, _graphFile));
            }

            _graphFile = commit.Graph.File;
        }

        _graphDirty = false;
        return obsolete;
    }

    /// <summary>
    /// Undoes <see cref="Prepare"/> in memory. Its files are deleted only when the commit point was certainly not reached;
    /// otherwise the next open decides whether they are garbage.
    /// </summary>
    public static void Abort(PendingCommit commit, bool deleteFiles)
    {
        commit.Written?.Release();
        if (deleteFiles)
        {
            DeleteQuietly(commit.CreatedFiles);
        }
    }

    /// <summary>
    /// What the commit rewrites into one new file: always the in-memory tail; every segment once deleted rows pass the
    /// threshold; and when files would be too many, the newest files as well, as far back as they are small next to what is
    /// merged (a log-structured policy: sizes grow geometrically towards the oldest file, so a bulk load rewrites each row
    /// a logarithmic number of times instead of every file at every overflow). Always a suffix of the segment list, so the
    /// new file, appended at the end, keeps segments in ascending key order.
    /// </summary>
    private List<SegmentView> ChooseMerge()
    {
        long rows = 0;
        long deleted = 0;
        var files = 0;
        var memory = 0;
        foreach (var view in _segments)
        {
            rows += view.Segment.RowCount;
            deleted += view.DeletedRows;
            files += view.Segment.IsInMemory ? 0 : 1;
            memory += view.Segment.IsInMemory ? 1 : 0;
        }

        if (rows > 0 && deleted > _options.CompactionThreshold * rows)
        {
            return [.. _segments];
        }

        var start = _segments.FindIndex(static v => v.Segment.IsInMemory);
        if (start < 0)
        {
            start = _segments.Count;
        }

        if (files + Math.Min(memory, 1) <= _options.MaxSegments)
        {
            return _segments.GetRange(start, _segments.Count - start);
        }

        long merged = 0;
        for (var i = start; i < _segments.Count; i++)
        {
            merged += _segments[i].LiveRows;
        }

        // Take older files while the result would still be too many segments, or while the next file is not much larger
        // than everything merged so far.
        while (start > 0)
        {
            var older = _segments[start - 1];
            var segmentsAfter = start + 1;
            if (segmentsAfter <= Math.Max(1, _options.MaxSegments / 2) && older.LiveRows > 2 * merged)
            {
                break;
            }

            merged += older.LiveRows;
            start--;
        }

        return _segments.GetRange(start, _segments.Count - start);
    }

    private static void DeleteQuietly(List<string> paths)
    {
        // Only called while another exception propagates; a file left behind is unreferenced and removed at the next open.
        foreach (var path in paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
