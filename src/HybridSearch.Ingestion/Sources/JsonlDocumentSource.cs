using System.Buffers;
using System.Runtime.CompilerServices;
using HybridSearch.Ingestion;

namespace HybridSearch.Ingestion.Sources;

/// <summary>
/// A JSONL file, one document a line (see <see cref="JsonlRecordParser"/>). Lines are read as raw bytes so invalid UTF-8
/// is reported instead of silently replaced, and positions are byte offsets so a resumed run seeks straight to its line.
/// Lines longer than the byte limit are skipped without being held in memory and reported as bad records.
/// </summary>
internal sealed class JsonlDocumentSource : IDocumentSource
{
    private const int InitialBufferBytes = 64 * 1024;

    // Lines parsed together: enough to share among cores, few enough bytes to bound memory.
    private const int ParseBatchLines = 256;
    private const int ParseBatchBytes = 4 << 20;
    private const int ParallelParseLines = 16;
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private readonly string _path;
    private readonly int _maxLineBytes;

    public JsonlDocumentSource(string path, int maxLineBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        _path = Path.GetFullPath(path);
        _maxLineBytes = maxLineBytes;
    }

    public string Name => _path;

    public async ValueTask<long?> CountAsync(CancellationToken cancellationToken = default)
    {
        var stream = OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
            try
            {
                long lines = 0;
                var lineHasContent = false;
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    lines += CountLines(buffer.AsSpan(0, read), ref lineHasContent);
                }

                return lineHasContent ? lines + 1 : lines;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public async IAsyncEnumerable<SourceRecord> ReadAsync(
        string? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = JsonlCursor.Parse(resumeAfter, _path);
        var stream = OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            await SeekAsync(stream, cursor, cancellationToken).ConfigureAwait(false);
            var reader = new LineReader(stream, cursor, _maxLineBytes);
            var pending = new List<PendingLine>(ParseBatchLines);

            // The group's lines side by side in one buffer, reused group after group: a line of vectors is kilobytes, and
            // an array per line was most of what a bulk load of them allocated.
            var group = new byte[InitialBufferBytes];
            var pendingBytes = 0;
            try
            {
                while (true)
                {
                    var more = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    if (more)
                    {
                        if (reader.IsOversized)
                        {
                            pending.Add(new PendingLine(0, -1, reader.Next.ToString(), reader.LineNumber, reader.OversizedLength, reader.OversizedPrefix));
                        }
                        else
                        {
                            var line = reader.Line.Span;
                            if (pendingBytes + line.Length > group.Length)
                            {
                                Array.Resize(ref group, Math.Max(group.Length * 2, pendingBytes + line.Length));
                            }

                            line.CopyTo(group.AsSpan(pendingBytes));
                            pending.Add(new PendingLine(pendingBytes, line.Length, reader.Next.ToString(), reader.LineNumber, 0, null));
                            pendingBytes += line.Length;
                        }
                    }

                    if (pending.Count > 0 && (!more || pending.Count >= ParseBatchLines || pendingBytes >= ParseBatchBytes))
                    {
                        foreach (var record in Parse(pending, group))
                        {
                            if (record is not null)
                            {
                                yield return record;
                            }
                        }

                        pending.Clear();
                        pendingBytes = 0;
                    }

                    if (!more)
                    {
                        break;
                    }
                }
            }
            finally
            {
                reader.Dispose();
            }
        }
    }

    /// <summary>
    /// Parses a group of lines on every core, in source order. Parsing is most of a reader's work (a line of precomputed
    /// vectors is thousands of bytes of numbers), and a file is read ahead anyway, so a group costs no latency.
    /// </summary>
    private SourceRecord?[] Parse(List<PendingLine> lines, byte[] group)
    {
        var records = new SourceRecord?[lines.Count];
        if (lines.Count < ParallelParseLines)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                records[i] = Parse(lines[i], group);
            }
        }
        else
        {
            Parallel.For(0, lines.Count, i => records[i] = Parse(lines[i], group));
        }

        return records;
    }

    private SourceRecord? Parse(PendingLine line, byte[] group) => line.Length < 0
        ? SourceRecord.ForError(line.Cursor, _path, line.Number,
            $"line is {line.OversizedLength} bytes, over the limit of {_maxLineBytes} bytes", line.OversizedPrefix)
        : JsonlRecordParser.Parse(group.AsSpan(line.Offset, line.Length), line.Cursor, _path, line.Number);

    /// <summary>A line read and not yet parsed: where its bytes are in the group buffer; a length of -1 for an oversized line.</summary>
    private sealed record PendingLine(int Offset, int Length, string Cursor, long Number, long OversizedLength, string? OversizedPrefix);

    private FileStream OpenRead() =>
        new(_path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = 0,
        });

    private async Task SeekAsync(FileStream stream, JsonlCursor cursor, CancellationToken cancellationToken)
    {
        if (cursor.Offset == 0)
        {
            var head = new byte[3];
            var read = await stream.ReadAtLeastAsync(head, 3, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            stream.Position = read == 3 && head.AsSpan().SequenceEqual(Bom) ? 3 : 0;
            return;
        }

        if (cursor.Offset > stream.Length)
        {
            throw new InvalidDataException(
                $"Checkpoint offset {cursor.Offset} is past the end of {_path} ({stream.Length} bytes): was the file replaced? " +
                "Delete the checkpoint to ingest it from the start.");
        }

        // A cursor always points just after a newline; anything else means the file changed under the checkpoint.
        stream.Position = cursor.Offset - 1;
        var previous = new byte[1];
        await stream.ReadExactlyAsync(previous, cancellationToken).ConfigureAwait(false);
        if (previous[0] != (byte)'\n')
        {
            throw new InvalidDataException(
                $"Checkpoint offset {cursor.Offset} (line {cursor.NextLine}) is not at a line start in {_path}: was the file " +
                "rewritten? Delete the checkpoint to ingest it from the start.");
        }
    }

    // Lines holding more than white space. Vectorised searches (the next newline, the first byte that is not white space)
    // instead of a loop over every byte: counting runs beside the reader, over the whole file, and should cost it little.
    private static long CountLines(ReadOnlySpan<byte> chunk, ref bool lineHasContent)
    {
        long lines = 0;
        var rest = chunk;
        while (true)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            if (!lineHasContent && line.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                lineHasContent = true;
            }

            if (newline < 0)
            {
                return lines;
            }

            lines += lineHasContent ? 1 : 0;
            lineHasContent = false;
            rest = rest[(newline + 1)..];
        }
    }
}
