using System.Buffers.Binary;
using System.Text;
using HybridSearch.Search;

namespace HybridSearch.Evaluation;

/// <summary>
/// Passage vectors of a corpus saved on disk, so a second evaluation with the same model skips encoding. Every entry
/// carries the document's <see cref="EncodedDocument.ContentHash"/> (model, weights, prefix, chunking and text): an entry
/// whose hash no longer matches is simply re-encoded, so a stale cache can cost time but never correctness.
/// </summary>
/// <remarks>
/// Format (little-endian): magic <c>HSVC</c>, int32 version, int32 dimensions, int32 count, then per document: id and
/// content hash as length-prefixed UTF-8, int32 passage count, and per passage int32 start, int32 length and the floats.
/// Written to a temporary file and renamed, so a crash leaves the old cache or none.
/// </remarks>
public static class EncodedCorpusCache
{
    private const int Magic = 0x43565348; // "HSVC"
    private const int Version = 1;

    /// <summary>One cached document: its content hash and passages.</summary>
    /// <param name="ContentHash">Hash the passages were computed for.</param>
    /// <param name="Passages">Passage ranges and vectors.</param>
    public sealed record Entry(string ContentHash, IReadOnlyList<EncodedPassage> Passages);

    /// <summary>Reads a cache file; a missing file gives an empty cache.</summary>
    /// <exception cref="InvalidDataException">The file is not a cache of this format (the message names it).</exception>
    public static async Task<IReadOnlyDictionary<string, Entry>> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return new Dictionary<string, Entry>(StringComparer.Ordinal);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return Parse(bytes);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{path}: truncated or corrupt embedding cache ({e.Message}); delete it to rebuild.", e);
        }
    }

    /// <summary>Writes <paramref name="documents"/> to <paramref name="path"/> atomically.</summary>
    public static async Task SaveAsync(string path, IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(documents);
        var dimensions = documents.Count > 0 && documents[0].Passages.Count > 0 ? documents[0].Passages[0].Vector.Length : 0;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            using var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(dimensions);
            writer.Write(documents.Count);
            foreach (var document in documents)
            {
                writer.Write(document.Document.Id);
                writer.Write(document.ContentHash);
                writer.Write(document.Passages.Count);
                foreach (var passage in document.Passages)
                {
                    writer.Write(passage.Start);
                    writer.Write(passage.Length);
                    foreach (var value in passage.Vector)
                    {
                        writer.Write(value);
                    }
                }
            }

            writer.Flush();
            buffer.Position = 0;
            await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static Dictionary<string, Entry> Parse(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), System.Text.Encoding.UTF8);
        if (bytes.Length < 16 || reader.ReadInt32() != Magic || reader.ReadInt32() != Version)
        {
            throw new InvalidDataException("not an embedding cache of version 1");
        }

        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        var entries = new Dictionary<string, Entry>(count, StringComparer.Ordinal);
        for (var d = 0; d < count; d++)
        {
            var id = reader.ReadString();
            var hash = reader.ReadString();
            var passages = new EncodedPassage[reader.ReadInt32()];
            for (var p = 0; p < passages.Length; p++)
            {
                var start = reader.ReadInt32();
                var length = reader.ReadInt32();
                var raw = reader.ReadBytes(dimensions * sizeof(float));
                if (raw.Length != dimensions * sizeof(float))
                {
                    throw new InvalidDataException($"document '{id}' passage {p} is truncated");
                }

                var vector = new float[dimensions];
                for (var i = 0; i < dimensions; i++)
                {
                    vector[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * sizeof(float)));
                }

                passages[p] = new EncodedPassage(start, length, vector);
            }

            entries[id] = new Entry(hash, passages);
        }

        return entries;
    }
}
