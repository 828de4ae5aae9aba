using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// The on-disk form of a vector segment, written once and never modified:
/// <code>
/// "HSVSEG01" | int32 dimensions | int32 documents | int64 rows | int64 vectorOffset
/// documents × (int64 firstKey | int32 rows | int32 idBytes | UTF-8 id)
/// zero padding to vectorOffset (a multiple of 64) | rows × dimensions float32, little-endian
/// </code>
/// </summary>
internal static class SegmentFile
{
    public const int HeaderLength = 32;
    public const int Alignment = 64;
    private static ReadOnlySpan<byte> Magic => "HSVSEG01"u8;

    public static string FileName(int segmentId) => $"vectors-{segmentId:D6}.seg";

    /// <summary>
    /// Writes the live documents of <paramref name="sources"/> (in order) to <paramref name="path"/> and flushes it to disk.
    /// Returns the file length.
    /// </summary>
    public static long Write(string path, int dimensions, IReadOnlyList<SegmentView> sources, CancellationToken cancellationToken)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Vector segment files are little-endian; this platform is not.");
        }

        var documents = 0;
        long rows = 0;
        long tableLength = 0;
        foreach (var source in sources)
        {
            for (var d = 0; d < source.Segment.DocumentCount; d++)
            {
                if (source.IsLive(d))
                {
                    documents++;
                    rows += source.Segment.RowsOf(d);
                    tableLength += 16 + System.Text.Encoding.UTF8.GetByteCount(source.Segment.Ids[d]);
                }
            }
        }

        var vectorOffset = Align(HeaderLength + tableLength);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(dimensions);
            writer.Write(documents);
            writer.Write(rows);
            writer.Write(vectorOffset);
            foreach (var source in sources)
            {
                for (var d = 0; d < source.Segment.DocumentCount; d++)
                {
                    if (source.IsLive(d))
                    {
                        var idBytes = System.Text.Encoding.UTF8.GetBytes(source.Segment.Ids[d]);
                        writer.Write(source.Segment.FirstKeys[d]);
                        writer.Write(source.Segment.RowsOf(d));
                        writer.Write(idBytes.Length);
                        writer.Write(idBytes);
                    }
                }
            }

            writer.Write(new byte[vectorOffset - stream.Position]);
            foreach (var source in sources)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var d = 0; d < source.Segment.DocumentCount; d++)
                {
                    if (source.IsLive(d))
                    {
                        var vectors = source.Segment.GetRows(source.Segment.RowStarts[d], source.Segment.RowsOf(d));
                        writer.Write(MemoryMarshal.AsBytes(vectors));
                    }
                }
            }
        }

        stream.Flush(flushToDisk: true);
        return stream.Length;
    }

    /// <summary>Reads the header and document table of a mapped segment file.</summary>
    public static unsafe (string[] Ids, int[] RowCounts, long[] FirstKeys, long VectorOffset) ReadTable(
        byte* data, long length, int expectedDimensions, string path)
    {
        if (length < HeaderLength)
        {
            throw Corrupt(path, $"it is {length} bytes long, shorter than the header");
        }

        var header = new ReadOnlySpan<byte>(data, HeaderLength);
        if (!header[..8].SequenceEqual(Magic))
        {
            throw Corrupt(path, "it does not start with the segment magic bytes");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var documents = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        var rows = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        var vectorOffset = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        if (dimensions != expectedDimensions)
        {
            throw Corrupt(path, $"it holds {dimensions}-dimensional rows; the index is {expectedDimensions}-dimensional");
        }

        if (vectorOffset < HeaderLength || vectorOffset + (rows * dimensions * sizeof(float)) != length)
        {
            throw Corrupt(path, $"its length {length} does not match {rows} rows at offset {vectorOffset}");
        }

        var table = new ReadOnlySpan<byte>(data + HeaderLength, checked((int)(vectorOffset - HeaderLength)));
        var ids = new string[documents];
        var rowCounts = new int[documents];
        var firstKeys = new long[documents];
        var position = 0;
        long total = 0;
        for (var d = 0; d < documents; d++)
        {
            if (position + 16 > table.Length)
            {
                throw Corrupt(path, $"its document table ends inside document {d}");
            }

            firstKeys[d] = BinaryPrimitives.ReadInt64LittleEndian(table[position..]);
            rowCounts[d] = BinaryPrimitives.ReadInt32LittleEndian(table[(position + 8)..]);
            var idLength = BinaryPrimitives.ReadInt32LittleEndian(table[(position + 12)..]);
            position += 16;
            if (idLength <= 0 || position + idLength > table.Length || rowCounts[d] <= 0 || (d > 0 && firstKeys[d] <= firstKeys[d - 1]))
            {
                throw Corrupt(path, $"document {d} of its table is malformed");
            }

            ids[d] = System.Text.Encoding.UTF8.GetString(table.Slice(position, idLength));
            position += idLength;
            total += rowCounts[d];
        }

        if (total != rows)
        {
            throw Corrupt(path, $"its documents hold {total} rows but the header says {rows}");
        }

        return (ids, rowCounts, firstKeys, vectorOffset);
    }

    private static long Align(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    private static InvalidDataException Corrupt(string path, string reason) =>
        new($"Vector segment '{path}' is corrupt: {reason}.");
}
