using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HybridSearch.Embedded.Internal.Ann;

/// <summary>
/// A USearch HNSW graph over passage rows (inner-product metric, float32), keyed by row key. Adds and removals take the
/// write lock; searches share the read lock and are limited to the native search contexts reserved for them.
/// </summary>
internal sealed unsafe class AnnGraph : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _searchSlots;
    private readonly int _threads;
    private nint _handle;

    private AnnGraph(nint handle, int dimensions, int connectivity, int expansionAdd)
    {
        _handle = handle;
        Dimensions = dimensions;
        Connectivity = connectivity;
        ExpansionAdd = expansionAdd;
        _threads = Math.Max(1, Environment.ProcessorCount);
        _searchSlots = new SemaphoreSlim(_threads, _threads);
    }

    public int Dimensions { get; }

    public int Connectivity { get; }

    public int ExpansionAdd { get; }

    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                byte* error = null;
                var size = USearchNative.usearch_size(_handle, &error);
                USearchNative.Check(error, "size");
                return (long)size;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Bytes the native index holds: its copy of the vectors and the graph's links.</summary>
    public long MemoryUsage
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                byte* error = null;
                var bytes = USearchNative.usearch_memory_usage(_handle, &error);
                USearchNative.Check(error, "memory usage");
                return (long)bytes;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public static AnnGraph Create(int dimensions, int connectivity, int expansionAdd, int expansionSearch)
    {
        var options = new USearchNative.InitOptions
        {
            MetricKind = USearchNative.MetricInnerProduct,
            Quantization = USearchNative.ScalarFloat32,
            Dimensions = (nuint)dimensions,
            Connectivity = (nuint)connectivity,
            ExpansionAdd = (nuint)expansionAdd,
            ExpansionSearch = (nuint)expansionSearch,
        };
        byte* error = null;
        var handle = USearchNative.usearch_init(&options, &error);
        USearchNative.Check(error, "init");
        var graph = new AnnGraph(handle, dimensions, connectivity, expansionAdd);
        graph.Reserve(1024);
        return graph;
    }

    /// <summary>Loads a graph saved by <see cref="Save"/>.</summary>
    public static AnnGraph Load(string path, int dimensions, int connectivity, int expansionAdd, int expansionSearch)
    {
        var graph = Create(dimensions, connectivity, expansionAdd, expansionSearch);
        try
        {
            byte* error = null;
            USearchNative.usearch_load(graph._handle, path, &error);
            USearchNative.Check(error, $"load of '{path}'");
            var loaded = (int)USearchNative.usearch_dimensions(graph._handle, &error);
            USearchNative.Check(error, "dimensions");
            if (loaded != dimensions)
            {
                throw new InvalidDataException($"Graph '{path}' holds {loaded}-dimensional vectors; the index is {dimensions}-dimensional.");
            }

            USearchNative.usearch_change_expansion_search(graph._handle, (nuint)expansionSearch, &error);
            USearchNative.Check(error, "expansion change");
            graph.Reserve(graph.Count + 1024);
            return graph;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <summary>The rows of one batch: row <paramref name="index"/> of it.</summary>
    public delegate ReadOnlySpan<float> RowAt(int index);

    /// <summary>
    /// Adds <paramref name="keys"/>.Length rows at once, on every core: USearch inserts concurrently once capacity is
    /// reserved, each insertion taking one of the native thread contexts, so building a large graph scales with cores.
    /// </summary>
    public void AddMany(long[] keys, RowAt rows)
    {
        if (keys.Length == 0)
        {
            return;
        }

        _lock.EnterWriteLock();
        try
        {
            byte* error = null;
            var size = USearchNative.usearch_size(_handle, &error);
            var capacity = USearchNative.usearch_capacity(_handle, &error);
            USearchNative.Check(error, "capacity");
            if ((long)size + keys.Length > (long)capacity)
            {
                ReserveCore(Math.Max((long)size + keys.Length, Math.Max(1024, (long)capacity * 2)));
            }

            var handle = _handle;
            string? failure = null;
            Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = _threads }, (i, loop) =>
            {
                byte* addError = null;
                fixed (float* data = rows(i))
                {
                    USearchNative.usearch_add(handle, (ulong)keys[i], data, USearchNative.ScalarFloat32, &addError);
                }

                if (addError is not null)
                {
                    Interlocked.CompareExchange(
                        ref failure, $"USearch add of row {keys[i]} failed: {Marshal.PtrToStringUTF8((nint)addError)}", null);
                    loop.Stop();
                }
            });
            if (failure is not null)
            {
                throw new InvalidOperationException(failure);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Remove(long key)
    {
        _lock.EnterWriteLock();
        try
        {
            byte* error = null;
            USearchNative.usearch_remove(_handle, (ulong)key, &error);
            USearchNative.Check(error, $"removal of row {key}");
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Writes the graph to <paramref name="path"/> and flushes it to disk.</summary>
    public void Save(string path)
    {
        _lock.EnterReadLock();
        try
        {
            byte* error = null;
            USearchNative.usearch_save(_handle, path, &error);
            USearchNative.Check(error, $"save to '{path}'");
        }
        finally
        {
            _lock.ExitReadLock();
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Up to <paramref name="keys"/>.Length nearest rows accepted by <paramref name="filter"/>; returns the count.</summary>
    public int Search(ReadOnlySpan<float> query, IAnnFilter filter, Span<long> keys, Span<float> scores)
    {
        _searchSlots.Wait();
        _lock.EnterReadLock();
        var state = GCHandle.Alloc(filter);
        try
        {
            byte* error = null;
            nuint found;
            fixed (float* queryData = query)
            fixed (long* keyData = keys)
            fixed (float* distanceData = scores)
            {
                found = USearchNative.usearch_filtered_search(
                    _handle, queryData, USearchNative.ScalarFloat32, (nuint)keys.Length, &AcceptRow, (void*)GCHandle.ToIntPtr(state),
                    (ulong*)keyData, distanceData, &error);
            }

            USearchNative.Check(error, "search");
            var count = (int)found;
            for (var i = 0; i < count; i++)
            {
                // The inner-product "distance" is 1 − dot.
                scores[i] = 1f - scores[i];
            }

            return count;
        }
        finally
        {
            state.Free();
            _lock.ExitReadLock();
            _searchSlots.Release();
        }
    }

    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            if (_handle != 0)
            {
                byte* error = null;
                USearchNative.usearch_free(_handle, &error);
                _handle = 0;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        _lock.Dispose();
        _searchSlots.Dispose();
    }

    private void Reserve(long capacity)
    {
        _lock.EnterWriteLock();
        try
        {
            ReserveCore(capacity);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void ReserveCore(long capacity)
    {
        byte* error = null;
        USearchNative.usearch_reserve(_handle, (nuint)capacity, &error);
        USearchNative.Check(error, "reserve");

        // Reserving resets the native thread contexts to the hardware's count: restore ours so that every search slot has one.
        USearchNative.usearch_change_threads_search(_handle, (nuint)_threads, &error);
        USearchNative.Check(error, "thread change");
        USearchNative.usearch_change_threads_add(_handle, (nuint)_threads, &error);
        USearchNative.Check(error, "thread change");
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int AcceptRow(ulong key, void* state)
    {
        var filter = (IAnnFilter)GCHandle.FromIntPtr((nint)state).Target!;
        return filter.Accept((long)key) ? 1 : 0;
    }
}
