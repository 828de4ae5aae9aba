using System.Buffers;
using System.Text;

namespace HybridSearch.Ingestion.Sources;

/// <summary>
/// Splits a stream into lines of raw bytes, tracking the byte offset and number of each line. The buffer is pooled and
/// grows up to the line limit; a longer line is skipped to its newline without being kept, and reported as oversized with
/// a short prefix. <see cref="Line"/> is valid until the next call.
/// </summary>
internal sealed class LineReader(Stream stream, JsonlCursor start, int maxLineBytes) : IDisposable
{
    private const int PrefixBytes = 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(64 * 1024, maxLineBytes + 1));
    private int _start;
    private int _end;
    private bool _eof;
    private long _offset = start.Offset;
    private long _nextLine = start.NextLine;

    public ReadOnlyMemory<byte> Line { get; private set; }

    public long LineNumber { get; private set; }

    /// <summary>Where reading resumes after the current line.</summary>
    public JsonlCursor Next => new(_offset, _nextLine);

    public bool IsOversized { get; private set; }

    public long OversizedLength { get; private set; }

    public string? OversizedPrefix { get; private set; }

    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        IsOversized = false;
        OversizedPrefix = null;
        var scanFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanFrom - _start + newline;
                Emit(_start, length, consumed: length + 1);
                return true;
            }

            scanFrom = _end;
            if (_end - _start > maxLineBytes)
            {
                await SkipOversizedAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }

            if (_eof)
            {
                if (_end == _start)
                {
                    return false;
                }

                Emit(_start, _end - _start, consumed: _end - _start);
                return true;
            }

            var scanned = scanFrom - _start;
            await FillAsync(cancellationToken).ConfigureAwait(false);
            scanFrom = _start + scanned;
        }
    }

    private void Emit(int from, int length, int consumed)
    {
        var content = length > 0 && _buffer[from + length - 1] == (byte)'\r' ? length - 1 : length;
        Line = _buffer.AsMemory(from, content);
        LineNumber = _nextLine++;
        _offset += consumed;
        _start = from + consumed;
    }

    private async ValueTask SkipOversizedAsync(CancellationToken cancellationToken)
    {
        var prefix = _buffer.AsSpan(_start, Math.Min(PrefixBytes, _end - _start));
        OversizedPrefix = System.Text.Encoding.UTF8.GetString(prefix) + "…";
        IsOversized = true;
        LineNumber = _nextLine++;
        long skipped = 0;
        var terminated = false;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                skipped += newline + 1;
                _start += newline + 1;
                terminated = true;
                break;
            }

            skipped += _end - _start;
            _start = _end;
            if (_eof)
            {
                break;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        _offset += skipped;
        OversizedLength = terminated ? skipped - 1 : skipped;
        Line = ReadOnlyMemory<byte>.Empty;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, maxLineBytes + 2));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        _eof = read == 0;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
