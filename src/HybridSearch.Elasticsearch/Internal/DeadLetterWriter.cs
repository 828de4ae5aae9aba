using System.Globalization;
using System.Text.Json;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// Appends items that failed for good to a JSONL file, one line <c>{"id","index","status","reason","time"}</c> each, so a
/// run goes on and an operator can replay them. Safe for concurrent writers (lines never interleave).
/// </summary>
internal sealed class DeadLetterWriter : IDisposable
{
    private readonly string _path;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public DeadLetterWriter(string path, TimeProvider timeProvider)
    {
        _path = path;
        _timeProvider = timeProvider;
    }

    public string Path => _path;

    public void Dispose() => _gate.Dispose();

    public async Task WriteAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        if (letters.Count == 0)
        {
            return;
        }

        var time = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            foreach (var letter in letters)
            {
                writer.WriteStartObject();
                writer.WriteString("id", letter.Id);
                writer.WriteString("index", letter.Index);
                if (letter.Status is { } status)
                {
                    writer.WriteNumber("status", status);
                }
                else
                {
                    writer.WriteNull("status");
                }

                writer.WriteString("reason", letter.Reason);
                writer.WriteString("time", time);
                writer.WriteEndObject();
                writer.Flush();
                buffer.WriteByte((byte)'\n');
                writer.Reset();
            }
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
