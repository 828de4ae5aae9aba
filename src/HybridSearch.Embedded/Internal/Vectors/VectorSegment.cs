namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// An immutable run of documents and their passage rows (float32, row-major). Documents are stored in ascending order
/// of their first row key, and each document's rows are contiguous, so a row key maps to its document by binary search.
/// Segments are shared by every snapshot that lists them and reference-counted; the last release frees the storage.
/// </summary>
internal abstract class VectorSegment
{
    private readonly Lock _quantizeLock = new();
    private int _references = 1;
    private QuantizedRows? _quantized;

    protected VectorSegment(int id, int dimensions, string[] ids, int[] rowCounts, long[] firstKeys)
    {
        Id = id;
        Dimensions = dimensions;
        Ids = ids;
        FirstKeys = firstKeys;
        RowStarts = new long[ids.Length + 1];
        for (var i = 0; i < rowCounts.Length; i++)
        {
            RowStarts[i + 1] = RowStarts[i] + rowCounts[i];
        }
    }

    /// <summary>Segment number, unique within an index; names the segment's file.</summary>
    public int Id { get; }

    public int Dimensions { get; }

    /// <summary>Document ids by ordinal.</summary>
    public string[] Ids { get; }

    /// <summary>Row key of each document's first passage; a passage's key is its document's first key plus its index.</summary>
    public long[] FirstKeys { get; }

    /// <summary>First row of each document, plus the row count at the end.</summary>
    public long[] RowStarts { get; }

    public int DocumentCount => Ids.Length;

    public long RowCount => RowStarts[^1];

    /// <summary>True for segments that only live in memory (written since the last commit).</summary>
    public abstract bool IsInMemory { get; }

    public int RowsOf(int ordinal) => (int)(RowStarts[ordinal + 1] - RowStarts[ordinal]);

    /// <summary>Rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="count"/>), row-major.</summary>
    public abstract ReadOnlySpan<float> GetRows(long firstRow, int count);

    /// <summary>The document holding the row with <paramref name="key"/>, and the row's passage index.</summary>
    public bool TryFindKey(long key, out int ordinal, out int passage)
    {
        ordinal = -1;
        passage = -1;
        if (DocumentCount == 0 || key < FirstKeys[0])
        {
            return false;
        }

        var index = Array.BinarySearch(FirstKeys, key);
        var doc = index >= 0 ? index : ~index - 1;
        var offset = key - FirstKeys[doc];
        if (offset >= RowsOf(doc))
        {
            return false;
        }

        ordinal = doc;
        passage = (int)offset;
        return true;
    }

    /// <summary>
    /// The rows quantised to int8, built on first use (by one thread; others wait) and kept until the segment is freed.
    /// </summary>
    public QuantizedRows Quantized
    {
        get
        {
            if (Volatile.Read(ref _quantized) is { } built)
            {
                return built;
            }

            lock (_quantizeLock)
            {
                _quantized ??= QuantizedRows.Create(this);
                return _quantized;
            }
        }
    }

    /// <summary>Bytes of int8 rows built so far (zero until an int8 search or <see cref="Quantized"/> needed them).</summary>
    public long QuantizedBytes => Volatile.Read(ref _quantized)?.Bytes ?? 0;

    public void AddReference()
    {
        if (Interlocked.Increment(ref _references) <= 1)
        {
            throw new InvalidOperationException($"Vector segment {Id} was used after it was released.");
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            lock (_quantizeLock)
            {
                _quantized?.Dispose();
                _quantized = null;
            }

            Free();
        }
    }

    /// <summary>Frees the storage; called once, when the last reference is released.</summary>
    protected abstract void Free();
}
