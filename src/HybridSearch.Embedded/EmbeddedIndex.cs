using HybridSearch.Chunking;
using HybridSearch.Embedded.Internal;
using HybridSearch.Embedded.Internal.Keyword;
using HybridSearch.Embedded.Internal.ReadOnly;
using HybridSearch.Embedded.Internal.Storage;
using HybridSearch.Embedded.Internal.Vectors;
using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Embedded;

/// <summary>
/// A local hybrid index in one directory: Lucene.Net for BM25 keyword search and stored fields, and a vector store of
/// memory-mapped float32 passage rows searched exactly (or through an HNSW graph). Writes are visible to searches at once
/// and durable after <see cref="CommitAsync"/>; a crash at any moment leaves the last commit readable (COMMIT-PROTOCOL.md).
/// Thread-safe: searches run concurrently with each other and with one writer at a time. One writing instance per directory
/// across all processes (an OS lock, see <see cref="IndexLockedException"/>); any number of read-only ones
/// (<see cref="EmbeddedIndexOptions.ReadOnly"/>) beside it.
/// </summary>
public sealed partial class EmbeddedIndex : ISearchBackend, IRetrievalBackend, IIndexWriter, IIndexOptimizer, IAsyncDisposable, IDisposable
{
    private const string LuceneFolder = "lucene";

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly EmbeddedIndexOptions _options;
    private readonly KeywordIndex _keyword;
    private readonly VectorStore _vectors;
    private readonly WriterLock? _directoryLock;
    private readonly CommitFollower? _follower;
    private readonly Action<IndexSnapshot, Manifest> _publishFollowed;
    private readonly List<string> _undeleted = [];
    private Manifest _committed;
    private EncoderIdentity? _encoder;
    private string? _chunking;
    private bool _dirty;
    private Exception? _failure;
    private IndexSnapshot _current = null!;
    private int _disposed;

    private EmbeddedIndex(
        string directory, EmbeddedIndexOptions options, KeywordIndex keyword, VectorStore vectors, Manifest committed,
        WriterLock? directoryLock, CommitFollower? follower = null)
    {
        _directoryLock = directoryLock;
        _follower = follower;
        _publishFollowed = PublishFollowed;
        DirectoryPath = directory;
        _options = options;
        _keyword = keyword;
        _vectors = vectors;
        _committed = committed;
        _encoder = committed.Encoder;
        _chunking = committed.Chunking;
    }

    /// <summary>The index directory (full path).</summary>
    public string DirectoryPath { get; }

    /// <summary>The document encoder the index was built with; null until <see cref="EnsureIndexAsync"/>.</summary>
    public EncoderIdentity? DocumentEncoder => _encoder;

    /// <summary>The passage settings recorded when the index was created, if any.</summary>
    public string? Chunking => _chunking;

    /// <summary>Memory the vector side uses now (the int8 rows and the graph only once built).</summary>
    public VectorMemoryUse VectorMemoryUse
    {
        get
        {
            var snapshot = AcquireSnapshot();
            try
            {
                long float32 = 0;
                long int8 = 0;
                foreach (var view in snapshot.Vectors.Segments)
                {
                    float32 += view.Segment.RowCount * view.Segment.Dimensions * sizeof(float);
                    int8 += view.Segment.QuantizedBytes;
                }

                return new VectorMemoryUse(float32, int8, _vectors.Graph?.MemoryUsage ?? 0);
            }
            finally
            {
                snapshot.Release();
            }
        }
    }

    /// <summary>
    /// Opens the index in <paramref name="directory"/> for writing, creating the directory when it does not exist, or, with
    /// <see cref="EmbeddedIndexOptions.ReadOnly"/>, opens its last commit for searching beside the writer.
    /// </summary>
    /// <exception cref="IncompatibleEncoderException">
    /// <see cref="EmbeddedIndexOptions.ExpectedEncoder"/> is set and the index was built by another encoder.
    /// </exception>
    /// <exception cref="IndexLockedException">Another process or instance has the index open for writing.</exception>
    /// <exception cref="FileNotFoundException">A read-only open of a directory with no committed index.</exception>
    /// <exception cref="InvalidOperationException">
    /// <see cref="EmbeddedIndexOptions.Chunking"/> is set and the index was built with other passage settings.
    /// </exception>
    /// <exception cref="InvalidDataException">The directory holds something that is not a readable index.</exception>
    public static async Task<EmbeddedIndex> OpenAsync(
        string directory, EmbeddedIndexOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= new EmbeddedIndexOptions();
        options.Validate();
        var path = Path.GetFullPath(directory);
        return await Task.Run(() => options.ReadOnly ? OpenReadOnly(path, options) : Open(path, options), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>True when <paramref name="directory"/> holds an index that was committed at least once.</summary>
    public static bool Exists(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var lucene = Path.Combine(directory, LuceneFolder);
        return Directory.Exists(lucene) && Directory.EnumerateFiles(lucene, "segments_*").Any();
    }

    /// <summary>Commits pending changes (unless <see cref="EmbeddedIndexOptions.CommitOnDispose"/> is false) and closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writeLock.WaitAsync().ConfigureAwait(false);
        Close();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _writeLock.Wait();
        Close();
    }

    private static EmbeddedIndex Open(string directory, EmbeddedIndexOptions options)
    {
        Directory.CreateDirectory(directory);

        // Before anything else, and held until closed: garbage collection below and every commit's clean-up delete files,
        // which is safe only while no other writer can be committing files of its own.
        var directoryLock = WriterLock.Acquire(directory);
        KeywordIndex? keyword = null;
        VectorStore? vectors = null;
        try
        {
            keyword = KeywordIndex.Open(Path.Combine(directory, LuceneFolder), options);
            var generation = keyword.CommittedManifestGeneration;
            var manifest = generation == 0 ? new Manifest() : ManifestStore.Read(directory, generation);
            if (options.ExpectedEncoder is { } expected && manifest.Encoder is { } built && !built.IsCompatibleWith(expected))
            {
                throw new IncompatibleEncoderException(directory, built, expected);
            }

            if (options.Chunking is { } asked && manifest.Chunking is { } recorded && !ChunkingSetting.Matches(recorded, asked))
            {
                // Passages cut another way would be incomparable with the ones already indexed.
                throw new InvalidOperationException(
                    $"Index '{directory}' was built with chunking '{recorded}', but this run asks for '{asked}'. Use the settings " +
                    "the index was built with, or a new index.");
            }

            CollectGarbage(directory, manifest);
            vectors = VectorStore.Open(directory, manifest, options);
            var index = new EmbeddedIndex(directory, options, keyword, vectors, manifest, directoryLock);
            if (manifest.Encoder is null && options.Chunking is not null)
            {
                index._chunking = options.Chunking;
            }

            // A graph built at open from the stored rows is saved by the next commit, so the next open loads it instead.
            index._dirty = vectors.GraphRebuilt;
            index.Publish();
            return index;
        }
        catch
        {
            vectors?.Dispose();
            keyword?.Dispose();
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>A read-only open: no lock, no garbage collection, nothing written; see COMMIT-PROTOCOL.md, "Readers".</summary>
    private static EmbeddedIndex OpenReadOnly(string directory, EmbeddedIndexOptions options)
    {
        if (!Exists(directory))
        {
            throw new FileNotFoundException($"'{directory}' holds no committed index to open read-only.", directory);
        }

        var keyword = KeywordIndex.OpenReadOnly(Path.Combine(directory, LuceneFolder), options);
        CommitFollower? follower = null;
        IndexSnapshot? first = null;
        try
        {
            follower = new CommitFollower(directory, keyword, options.RefreshInterval);
            first = follower.Open();
            var manifest = follower.Manifest;
            if (options.ExpectedEncoder is { } expected && manifest.Encoder is { } built && !built.IsCompatibleWith(expected))
            {
                throw new IncompatibleEncoderException(directory, built, expected);
            }

            // The writer's store stays empty (and without a graph): snapshots come from the follower.
            var vectors = VectorStore.Open(directory, new Manifest(), options);
            var index = new EmbeddedIndex(directory, options, keyword, vectors, manifest, directoryLock: null, follower);
            index._current = first;
            return index;
        }
        catch
        {
            first?.Release();
            follower?.Dispose();
            keyword.Dispose();
            throw;
        }
    }

    /// <summary>Deletes what no commit refers to: files of an interrupted commit, and files a later commit replaced.</summary>
    private static void CollectGarbage(string directory, Manifest manifest)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal) { ManifestStore.FileName(manifest.Generation) };
        foreach (var segment in manifest.Segments)
        {
            keep.Add(segment.File);
        }

        if (manifest.Graph is not null)
        {
            keep.Add(manifest.Graph.File);
        }

        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            var ours = ManifestStore.IsManifestFile(name) || name.StartsWith("vectors-", StringComparison.Ordinal) ||
                       name.StartsWith("graph-", StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal);
            if (ours && !keep.Contains(name))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Makes the writer's current state the snapshot new searches see. Called under the write lock.</summary>
    private void Publish()
    {
        _stale = false;
        _keyword.Refresh();
        var searcher = _keyword.Acquire();
        var snapshot = new IndexSnapshot(_keyword, searcher, _vectors.CreateSnapshot());
        var previous = Interlocked.Exchange(ref _current, snapshot);
        previous?.Release();
    }

    // Set by writes under the write lock; cleared by Publish.
    private volatile bool _stale;

    private IndexSnapshot AcquireSnapshot()
    {
        if (_stale)
        {
            // The writer is not blocked for long: writes hold the lock only while they apply a batch or commit.
            _writeLock.Wait();
            try
            {
                // An index poisoned by a failed write keeps serving the last snapshot it published.
                if (_stale && _failure is null && Volatile.Read(ref _disposed) == 0)
                {
                    Publish();
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }

        _follower?.TryFollow(_publishFollowed);
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var snapshot = Volatile.Read(ref _current);
            if (snapshot.TryAcquire())
            {
                return snapshot;
            }
        }
    }

    /// <summary>Read-only opens: makes a newer commit the snapshot new searches see. Called under the follower's lock.</summary>
    private void PublishFollowed(IndexSnapshot snapshot, Manifest manifest)
    {
        _committed = manifest;
        _encoder = manifest.Encoder;
        _chunking = manifest.Chunking;
        Interlocked.Exchange(ref _current, snapshot).Release();
    }

    private void Close()
    {
        try
        {
            if (_options.CommitOnDispose && _dirty && _failure is null)
            {
                CommitCore(CancellationToken.None);
            }
        }
        finally
        {
            _current.Release();
            _follower?.Dispose();
            _vectors.Dispose();
            _keyword.Dispose();
            _writeLock.Dispose();

            // Last: until Lucene and the vector files are closed, this instance is still the writer.
            _directoryLock?.Dispose();
        }
    }
}
