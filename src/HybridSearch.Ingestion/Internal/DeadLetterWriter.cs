using System.Text.Encodings.Web;
using System.Text.Json;

namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// Appends dead letters to the run's one JSONL file, one object a line: <c>source</c>, <c>line</c>, <c>id</c>,
/// <c>reason</c>, <c>status</c> (the index's HTTP status for a refused document, else null), <c>time</c>, and to help a
/// replay <c>cursor</c> and <c>raw</c> (the line or the start of the text). Entries are written in source order as the watermark passes them, and on start the file is
/// cut back to the length recorded in the checkpoint, so a record after the checkpoint is reported once however often the
/// run restarts. The file is created on the first dead letter. Not thread-safe: the caller serialises access.
/// </summary>
internal sealed class DeadLetterWriter : IDisposable
{
    private readonly string _path;
    private FileStream? _stream;
    private Utf8JsonWriter? _json;
    private long _length;

    public DeadLetterWriter(string path, long durableLength)
    {
        _path = System.IO.Path.GetFullPath(path);
        _length = durableLength;
        if (File.Exists(_path))
        {
            var existing = new FileInfo(_path).Length;
            if (existing > durableLength)
            {
                // Entries past the checkpoint belong to records that will be read again.
                using var stream = new FileStream(_path, FileMode.Open, FileAccess.Write);
                stream.SetLength(durableLength);
            }

            _length = Math.Min(existing, durableLength);
        }
        else
        {
            _length = 0;
        }
    }

    public string Path => _path;

    /// <summary>Bytes appended so far, durable or not.</summary>
    public long Length => _length;

    public void Append(DeadLetter letter)
    {
        if (_stream is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
            _stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        var json = _json!;
        json.WriteStartObject();
        json.WriteString("source", letter.Source);
        if (letter.Line is { } line)
        {
            json.WriteNumber("line", line);
        }
        else
        {
            json.WriteNull("line");
        }

        json.WriteString("id", letter.Id);
        json.WriteString("reason", letter.Reason);
        if (letter.Status is { } status)
        {
            json.WriteNumber("status", status);
        }
        else
        {
            json.WriteNull("status");
        }

        json.WriteString("time", letter.Time);
        json.WriteString("cursor", letter.Cursor);
        json.WriteString("raw", letter.Raw);
        json.WriteEndObject();
        json.Flush();
        _stream!.WriteByte((byte)'\n');
        json.Reset();
        _length = _stream.Position;
    }

    /// <summary>Makes every appended entry durable and returns the file's length.</summary>
    public long FlushToDisk()
    {
        _stream?.Flush(flushToDisk: true);
        return _length;
    }

    public void Dispose()
    {
        _json?.Dispose();
        _stream?.Dispose();
    }
}
