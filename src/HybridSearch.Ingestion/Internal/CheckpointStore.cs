using System.Text.Json;

namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// Reads and atomically replaces the checkpoint file: write a temporary file, flush it to disk, rename it over the old
/// one. A crash leaves either the old or the new checkpoint, never a torn one. (The directory entry is not fsynced: after
/// a power loss the rename may be lost, which only makes the checkpoint older; replay by id is idempotent.)
/// </summary>
internal sealed class CheckpointStore(string path)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public Checkpoint? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        Checkpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize<Checkpoint>(File.ReadAllBytes(Path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Checkpoint {Path} is not valid JSON ({e.Message}); delete it to start over.", e);
        }

        if (checkpoint is null || checkpoint.Version != Checkpoint.CurrentVersion || string.IsNullOrEmpty(checkpoint.Source))
        {
            throw new InvalidDataException(
                $"Checkpoint {Path} is not a version {Checkpoint.CurrentVersion} ingestion checkpoint; delete it to start over.");
        }

        return checkpoint;
    }

    public async Task SaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, checkpoint, Json, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
