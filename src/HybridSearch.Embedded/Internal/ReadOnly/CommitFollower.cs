using HybridSearch.Embedded.Internal.Keyword;
using HybridSearch.Embedded.Internal.Storage;
using HybridSearch.Embedded.Internal.Vectors;

namespace HybridSearch.Embedded.Internal.ReadOnly;

/// <summary>
/// Follows the commits another process writes into an index opened read-only (COMMIT-PROTOCOL.md, "Readers"): pairs the
/// newest Lucene commit with the manifest generation it names, and when the writer removed that manifest's files before
/// they were opened (it had already committed again), starts over from the newer commit. Thread-safe: one refresh at a
/// time, and a search that finds a refresh under way keeps the snapshot it has instead of waiting.
/// </summary>
internal sealed class CommitFollower : IDisposable
{
    // Each retry means the writer committed again meanwhile; this many in a row means it commits faster than we can open,
    // and the reader keeps its snapshot until a later check.
    private const int MaxAttempts = 16;

    private readonly string _directory;
    private readonly KeywordIndex _keyword;
    private readonly CommittedVectors _vectors;
    private readonly long _intervalMs;
    private readonly Lock _lock = new();

    // Used only under _lock.
    private object? _reader;
    private long _nextCheck;

    public CommitFollower(string directory, KeywordIndex keyword, TimeSpan interval)
    {
        _directory = directory;
        _keyword = keyword;
        _vectors = new CommittedVectors(directory);
        _intervalMs = (long)interval.TotalMilliseconds;
    }

    /// <summary>The manifest of the snapshot made last.</summary>
    public Manifest Manifest { get; private set; } = new();

    /// <summary>The snapshot of the newest commit, at open.</summary>
    /// <exception cref="InvalidDataException">The newest commit names files that do not exist.</exception>
    public IndexSnapshot Open()
    {
        lock (_lock)
        {
            return Follow(force: true) ?? throw new IOException(
                $"Index '{_directory}' was committed {MaxAttempts} times while it was being opened read-only; try again.");
        }
    }

    /// <summary>
    /// When the refresh interval has passed and a newer commit exists, a snapshot of it handed to
    /// <paramref name="publish"/> (under the lock, so snapshots are published in commit order). Returns at once when
    /// another thread is refreshing.
    /// </summary>
    public void TryFollow(Action<IndexSnapshot, Manifest> publish)
    {
        if (Environment.TickCount64 < Volatile.Read(ref _nextCheck) || !_lock.TryEnter())
        {
            return;
        }

        try
        {
            if (Follow(force: false) is { } snapshot)
            {
                publish(snapshot, Manifest);
            }
        }
        finally
        {
            _lock.Exit();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _vectors.Dispose();
        }
    }

    private IndexSnapshot? Follow(bool force)
    {
        Volatile.Write(ref _nextCheck, Environment.TickCount64 + _intervalMs);
        long missing = -1;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                _keyword.Refresh();
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Lucene's files of a commit the writer has already replaced: the next attempt finds the newer one.
                continue;
            }

            var searcher = _keyword.Acquire();
            var keep = false;
            try
            {
                if (!force && ReferenceEquals(searcher.IndexReader, _reader))
                {
                    return null;
                }

                var generation = KeywordIndex.GenerationOf(searcher, _directory);
                if (generation == missing)
                {
                    // The writer deletes a manifest's files only after committing a newer one, so the newest commit
                    // naming missing files is damage, not a race.
                    throw new InvalidDataException(
                        $"Index '{_directory}' is corrupt: its newest commit names manifest generation {generation}, whose files are missing.");
                }

                VectorSnapshot? vectors;
                var manifest = generation == Manifest.Generation && !force ? Manifest :
                    generation == 0 ? new Manifest() : ManifestStore.ReadIfPresent(_directory, generation);
                try
                {
                    vectors = manifest is null ? null : _vectors.Open(manifest);
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
                {
                    vectors = null;
                }

                if (vectors is null)
                {
                    missing = generation;
                    continue;
                }

                Manifest = manifest!;
                _reader = searcher.IndexReader;
                keep = true;
                return new IndexSnapshot(_keyword, searcher, vectors);
            }
            finally
            {
                if (!keep)
                {
                    _keyword.Release(searcher);
                }
            }
        }

        return null;
    }
}
