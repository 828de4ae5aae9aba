using System.Text.Json;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// Writes <c>{"id","vector"}</c> lines to a temporary file beside the target and renames it into place on
/// <see cref="Commit"/>: a failed or cancelled run leaves no partial output (and an older output untouched).
/// </summary>
internal sealed class VectorFileWriter : IDisposable
{
    private readonly string _path;
    private readonly string _temporaryPath;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private bool _committed;

    private VectorFileWriter(string path)
    {
        _path = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(_path)!;
        if (!Directory.Exists(folder))
        {
            throw new CliException($"output folder '{folder}' does not exist");
        }

        _temporaryPath = Path.Combine(folder, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        _stream = new FileStream(_temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        _json = new Utf8JsonWriter(_stream);
    }

    public static VectorFileWriter Create(string path) => new(path);

    public void Write(string rawId, ReadOnlySpan<float> vector)
    {
        _json.WriteStartObject();
        _json.WritePropertyName("id");
        _json.WriteRawValue(rawId, skipInputValidation: true);
        _json.WriteStartArray("vector");
        foreach (var value in vector)
        {
            _json.WriteNumberValue(value);
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        _json.Reset();
    }

    public void Commit()
    {
        _json.Dispose();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_temporaryPath, _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        // A failed run: drop what was written and the file that held it.
        _json.Reset();
        _json.Dispose();
        _stream.Dispose();
        File.Delete(_temporaryPath);
    }
}
