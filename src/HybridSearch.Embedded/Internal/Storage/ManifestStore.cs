using System.Globalization;
using System.Text.Json;

namespace HybridSearch.Embedded.Internal.Storage;

/// <summary>Reads and durably writes manifests: temporary file, flush to disk, rename, then flush the directory.</summary>
internal static class ManifestStore
{
    private const string Prefix = "manifest-";
    private const string Suffix = ".json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static string FileName(long generation) => $"{Prefix}{generation.ToString("D10", CultureInfo.InvariantCulture)}{Suffix}";

    public static bool IsManifestFile(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal);

    public static Manifest Read(string directory, long generation)
    {
        var path = Path.Combine(directory, FileName(generation));
        if (!File.Exists(path))
        {
            throw new InvalidDataException(
                $"Index '{directory}' is corrupt: its last Lucene commit names vector manifest generation {generation}, but '{path}' is missing.");
        }

        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Vector manifest '{path}' is not valid JSON: {e.Message}", e);
        }

        if (manifest is null || manifest.Generation != generation || manifest.Format != Manifest.CurrentFormat)
        {
            throw new InvalidDataException(
                $"Vector manifest '{path}' is not a format {Manifest.CurrentFormat} manifest of generation {generation}.");
        }

        return manifest;
    }

    /// <summary>
    /// For read-only opens: the manifest of <paramref name="generation"/>, or null when its file is gone, which for a reader
    /// means a writer committed a newer generation and removed this one after the reader saw the Lucene commit.
    /// </summary>
    public static Manifest? ReadIfPresent(string directory, long generation)
    {
        try
        {
            return Read(directory, generation);
        }
        catch (Exception e) when (e is FileNotFoundException || (e is InvalidDataException && !File.Exists(Path.Combine(directory, FileName(generation)))))
        {
            return null;
        }
    }

    public static void Write(string directory, Manifest manifest)
    {
        var path = Path.Combine(directory, FileName(manifest.Generation));
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, manifest, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DurableDirectory.Flush(directory);
    }
}
