using System.Text.Json;

namespace HybridSearch.Embedded.Internal.Storage;

/// <summary>
/// Who holds an index's write lock, recorded beside the lock file for the message a refused writer prints. Informative
/// only: the OS lock on <see cref="WriterLock.FileName"/> decides, so a record left by a killed writer means nothing.
/// </summary>
internal sealed record WriterLockHolder(int ProcessId, string Host, DateTimeOffset Since)
{
    public const string FileName = "writer.lock.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static WriterLockHolder Current() => new(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow);

    /// <summary>Written to a temporary file and renamed, so a reader sees the old record or the new one, never half of one.</summary>
    public void Write(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The recorded holder, or null when none is recorded yet (a writer that has just taken the lock).</summary>
    public static WriterLockHolder? TryRead(string directory)
    {
        try
        {
            return JsonSerializer.Deserialize<WriterLockHolder>(File.ReadAllBytes(Path.Combine(directory, FileName)), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // Only the error message loses detail; IndexLockedException says the holder is unknown.
            return null;
        }
    }
}
