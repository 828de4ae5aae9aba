using System.IO.MemoryMappedFiles;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// A committed segment file, memory-mapped read-only: exact search reads rows straight from the page cache through a
/// pointer, so a collection larger than the managed heap costs no heap at all.
/// </summary>
internal sealed unsafe class MappedSegment : VectorSegment
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly float* _rows;

    private MappedSegment(
        int id, int dimensions, string[] ids, int[] rowCounts, long[] firstKeys,
        MemoryMappedFile file, MemoryMappedViewAccessor view, float* rows)
        : base(id, dimensions, ids, rowCounts, firstKeys)
    {
        _file = file;
        _view = view;
        _rows = rows;
    }

    public required string Path { get; init; }

    public required long FileLength { get; init; }

    public override bool IsInMemory => false;

    public static MappedSegment Open(string path, int id, int dimensions, long expectedLength)
    {
        var length = new FileInfo(path).Length;
        if (length != expectedLength)
        {
            throw new InvalidDataException(
                $"Vector segment '{path}' is {length} bytes long; the index manifest recorded {expectedLength}.");
        }

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        var acquired = false;
        try
        {
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* data = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref data);
            acquired = true;
            data += view.PointerOffset;
            var (ids, rowCounts, firstKeys, vectorOffset) = SegmentFile.ReadTable(data, length, dimensions, path);
            return new MappedSegment(id, dimensions, ids, rowCounts, firstKeys, file, view, (float*)(data + vectorOffset))
            {
                Path = path,
                FileLength = length,
            };
        }
        catch
        {
            if (acquired)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public override ReadOnlySpan<float> GetRows(long firstRow, int count) =>
        new(_rows + (firstRow * Dimensions), count * Dimensions);

    protected override void Free()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
