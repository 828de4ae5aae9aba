using HybridSearch.Embedded.Internal.Ann;
using HybridSearch.Embedded.Internal.Storage;
using HybridSearch.Search;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// The writer's view of the vector side: committed segments (memory-mapped files), segments written since the last commit
/// (in memory), deletions, the live location of every document and the optional HNSW graph. Not thread-safe: the index
/// calls it under its write lock and hands readers immutable <see cref="VectorSnapshot"/>s.
/// </summary>
internal sealed partial class VectorStore : IDisposable
{
    private const int MaxMemorySegments = 8;
    private const int SmallMemorySegmentRows = 4096;

    private readonly string _directory;
    private readonly EmbeddedIndexOptions _options;
    private readonly List<SegmentView> _segments = [];
    private readonly Dictionary<string, (VectorSegment Segment, int Ordinal)> _locations = new(StringComparer.Ordinal);
    private long _nextKey;
    private int _nextSegmentId;
    private string? _graphFile;
    private bool _graphDirty;

    private VectorStore(string directory, EmbeddedIndexOptions options, int dimensions)
    {
        _directory = directory;
        _options = options;
        Dimensions = dimensions;
    }

    /// <summary>Vector size; 0 until the index has a document encoder.</summary>
    public int Dimensions { get; private set; }

    public AnnGraph? Graph { get; private set; }

    /// <summary>True when the graph was built at open (none saved, or saved with other settings) over stored rows.</summary>
    public bool GraphRebuilt { get; private set; }

    public long Documents => _locations.Count;

    public bool Contains(string id) => _locations.ContainsKey(id);

    public static VectorStore Open(string directory, Manifest manifest, EmbeddedIndexOptions options)
    {
        var store = new VectorStore(directory, options, manifest.Encoder?.Dimensions ?? 0)
        {
            _nextKey = manifest.NextRowKey,
            _nextSegmentId = manifest.NextSegmentId,
        };
        try
        {
            if (manifest.Segments.Count > 0 && store.Dimensions == 0)
            {
                throw new InvalidDataException($"Index '{directory}' has vector segments but no document encoder in its manifest.");
            }

            foreach (var entry in manifest.Segments)
            {
                var segment = MappedSegment.Open(Path.Combine(directory, entry.File), entry.Id, store.Dimensions, entry.Length);
                var view = new SegmentView(segment);
                store._segments.Add(entry.Deleted.Length == 0 ? view : view.WithDeleted(entry.Deleted));
            }

            foreach (var view in store._segments)
            {
                for (var d = 0; d < view.Segment.DocumentCount; d++)
                {
                    if (view.IsLive(d) && !store._locations.TryAdd(view.Segment.Ids[d], (view.Segment, d)))
                    {
                        throw new InvalidDataException($"Index '{directory}' holds document '{view.Segment.Ids[d]}' twice.");
                    }
                }
            }

            store.OpenGraph(manifest.Graph);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Sets the vector size of a new index.</summary>
    public void Initialize(int dimensions)
    {
        Dimensions = dimensions;
        OpenGraph(null);
    }

    public VectorSnapshot CreateSnapshot() => new([.. _segments], Dimensions);

    /// <summary>Writes the documents' passages as a new in-memory segment, replacing earlier versions; returns first keys.</summary>
    public long[] Upsert(IReadOnlyList<EncodedDocument> documents)
    {
        Delete(documents.Select(static d => d.Document.Id));
        var ids = new string[documents.Count];
        var rowCounts = new int[documents.Count];
        var firstKeys = new long[documents.Count];
        var total = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            ids[i] = documents[i].Document.Id;
            rowCounts[i] = documents[i].Passages.Count;
            firstKeys[i] = _nextKey + total;
            total += rowCounts[i];
        }

        var segment = new MemorySegment(_nextSegmentId++, Dimensions, ids, rowCounts, firstKeys);
        var row = 0;
        foreach (var document in documents)
        {
            foreach (var passage in document.Passages)
            {
                passage.Vector.CopyTo(segment.Writable(row++, 1));
            }
        }

        _nextKey += total;
        _segments.Add(new SegmentView(segment));
        for (var i = 0; i < ids.Length; i++)
        {
            _locations[ids[i]] = (segment, i);
        }

        if (Graph is not null && total > 0)
        {
            var keys = new long[total];
            for (var r = 0; r < total; r++)
            {
                keys[r] = firstKeys[0] + r;
            }

            Graph.AddMany(keys, r => segment.GetRows(r, 1));
            _graphDirty = true;
        }

        MergeMemorySegmentsIfMany();
        return firstKeys;
    }

    /// <summary>Marks the documents deleted; unknown ids are ignored.</summary>
    public void Delete(IEnumerable<string> ids)
    {
        Dictionary<VectorSegment, List<int>>? deletions = null;
        foreach (var id in ids)
        {
            if (_locations.Remove(id, out var location))
            {
                deletions ??= [];
                if (!deletions.TryGetValue(location.Segment, out var ordinals))
                {
                    ordinals = [];
                    deletions.Add(location.Segment, ordinals);
                }

                ordinals.Add(location.Ordinal);
                if (Graph is not null)
                {
                    var first = location.Segment.FirstKeys[location.Ordinal];
                    for (var p = 0; p < location.Segment.RowsOf(location.Ordinal); p++)
                    {
                        Graph.Remove(first + p);
                    }

                    _graphDirty = true;
                }
            }
        }

        if (deletions is null)
        {
            return;
        }

        for (var i = 0; i < _segments.Count; i++)
        {
            if (deletions.TryGetValue(_segments[i].Segment, out var ordinals))
            {
                _segments[i] = _segments[i].WithDeleted(ordinals);
            }
        }
    }

    public void Dispose()
    {
        foreach (var view in _segments)
        {
            view.Segment.Release();
        }

        _segments.Clear();
        Graph?.Dispose();
        Graph = null;
    }

    private void OpenGraph(ManifestGraph? saved)
    {
        if (_options.VectorSearch != VectorSearchMode.Approximate || Dimensions == 0)
        {
            return;
        }

        if (saved is not null && saved.Connectivity == _options.Connectivity && saved.ExpansionAdd == _options.ExpansionAdd)
        {
            Graph = AnnGraph.Load(
                Path.Combine(_directory, saved.File), Dimensions, _options.Connectivity, _options.ExpansionAdd, _options.ExpansionSearch);
            _graphFile = saved.File;
            return;
        }

        // No graph, or one built with other settings: build it from the stored rows (it is derived data).
        GraphRebuilt = _segments.Count > 0;
        Graph = AnnGraph.Create(Dimensions, _options.Connectivity, _options.ExpansionAdd, _options.ExpansionSearch);
        foreach (var view in _segments)
        {
            var segment = view.Segment;
            var keys = new List<long>();
            var rowIndexes = new List<long>();
            for (var d = 0; d < segment.DocumentCount; d++)
            {
                if (!view.IsLive(d))
                {
                    continue;
                }

                for (var p = 0; p < segment.RowsOf(d); p++)
                {
                    keys.Add(segment.FirstKeys[d] + p);
                    rowIndexes.Add(segment.RowStarts[d] + p);
                }
            }

            Graph.AddMany([.. keys], i => segment.GetRows(rowIndexes[i], 1));
        }

        _graphDirty = true;
    }

    // Only small in-memory segments are merged: a search pays per segment, which matters next to scanning a few hundred
    // rows and not next to thousands; and the commit writes every in-memory segment into one file anyway. Merging large
    // ones too copied a bulk load's rows once more between commits (a tenth of its time, mostly faulting in fresh pages).
    private void MergeMemorySegmentsIfMany()
    {
        var first = _segments.Count;
        while (first > 0 && _segments[first - 1].Segment is { IsInMemory: true, RowCount: < SmallMemorySegmentRows })
        {
            first--;
        }

        if (_segments.Count - first <= MaxMemorySegments)
        {
            return;
        }

        var sources = _segments.GetRange(first, _segments.Count - first);
        var merged = MergeInMemory(sources);
        _segments.RemoveRange(first, sources.Count);
        if (merged is not null)
        {
            _segments.Add(new SegmentView(merged));
            for (var d = 0; d < merged.DocumentCount; d++)
            {
                _locations[merged.Ids[d]] = (merged, d);
            }
        }

        foreach (var source in sources)
        {
            source.Segment.Release();
        }
    }

    private MemorySegment? MergeInMemory(List<SegmentView> sources)
    {
        var documents = 0;
        foreach (var source in sources)
        {
            documents += source.LiveDocuments;
        }

        if (documents == 0)
        {
            return null;
        }

        var ids = new string[documents];
        var rowCounts = new int[documents];
        var firstKeys = new long[documents];
        var next = 0;
        foreach (var source in sources)
        {
            for (var d = 0; d < source.Segment.DocumentCount; d++)
            {
                if (source.IsLive(d))
                {
                    ids[next] = source.Segment.Ids[d];
                    rowCounts[next] = source.Segment.RowsOf(d);
                    firstKeys[next] = source.Segment.FirstKeys[d];
                    next++;
                }
            }
        }

        var merged = new MemorySegment(_nextSegmentId++, Dimensions, ids, rowCounts, firstKeys);
        long row = 0;
        foreach (var source in sources)
        {
            var segment = source.Segment;
            for (var d = 0; d < segment.DocumentCount; d++)
            {
                if (source.IsLive(d))
                {
                    var count = segment.RowsOf(d);
                    segment.GetRows(segment.RowStarts[d], count).CopyTo(merged.Writable(row, count));
                    row += count;
                }
            }
        }

        return merged;
    }
}
