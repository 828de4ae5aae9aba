using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace HybridSearch.Evaluation.Internal;

/// <summary>
/// Vectors of the passage texts of one corpus, saved on disk so that a second evaluation with the same model skips
/// encoding. The file is named after the document tower's fingerprint (model, weights, dimensions, document prefix) and
/// the corpus; an entry is keyed by the SHA-256 of the exact text the encoder was given, so a changed document or
/// chunking misses and is encoded again: a stale cache can cost time but never correctness. Thread-safe.
/// </summary>
/// <remarks>
/// Format (little-endian): magic <c>HSVC</c>, int32 version, int32 dimensions, int32 count, then per entry the 32-byte key
/// and the floats. Written to a temporary file and renamed, so a crash leaves the old cache or none. Version 1 (one entry
/// per document id, with the document's content hash) was written before the index build went through the ingestion
/// pipeline, which encodes passages without knowing their document; such a file is ignored and replaced.
/// </remarks>
internal sealed class EncodedCorpusCache
{
    private const int Magic = 0x43565348; // "HSVC"
    private const int Version = 2;
    private const int KeySize = SHA256.HashSizeInBytes;

    private readonly ConcurrentDictionary<string, float[]> _entries;
    private int _added;

    private EncodedCorpusCache(string path, int dimensions, ConcurrentDictionary<string, float[]> entries)
    {
        Path = path;
        Dimensions = dimensions;
        _entries = entries;
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>Floats per vector.</summary>
    public int Dimensions { get; }

    /// <summary>Entries held, loaded or added.</summary>
    public int Count => _entries.Count;

    /// <summary>Entries added since loading: the file is rewritten only when there are some.</summary>
    public int Added => Volatile.Read(ref _added);

    /// <summary>
    /// Reads <paramref name="path"/>; a missing file, or one of an older version or other dimensions, gives an empty cache.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is truncated or corrupt (the message names it).</exception>
    public static async Task<EncodedCorpusCache> LoadAsync(string path, int dimensions, CancellationToken cancellationToken)
    {
        var entries = new ConcurrentDictionary<string, float[]>();
        if (File.Exists(path))
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            try
            {
                Parse(bytes, dimensions, entries);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new InvalidDataException($"{path}: truncated or corrupt embedding cache ({e.Message}); delete it to rebuild.", e);
            }
        }

        return new EncodedCorpusCache(path, dimensions, entries);
    }

    /// <summary>The key of <paramref name="text"/>: its lower-case hex SHA-256 (UTF-8).</summary>
    public static string KeyOf(string text)
    {
        Span<byte> hash = stackalloc byte[KeySize];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Copies the cached vector of <paramref name="key"/> into <paramref name="destination"/>, if there is one.</summary>
    public bool TryCopy(string key, Span<float> destination)
    {
        if (!_entries.TryGetValue(key, out var vector))
        {
            return false;
        }

        vector.CopyTo(destination);
        return true;
    }

    /// <summary>Records the vector of <paramref name="key"/>.</summary>
    public void Add(string key, ReadOnlySpan<float> vector)
    {
        if (_entries.TryAdd(key, vector.ToArray()))
        {
            Interlocked.Increment(ref _added);
        }
    }

    /// <summary>Writes every entry to <see cref="Path"/> atomically.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temporary = Path + ".tmp";
        var snapshot = _entries.ToArray();
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var record = new byte[KeySize + (Dimensions * sizeof(float))];
            var header = new byte[16];
            BinaryPrimitives.WriteInt32LittleEndian(header, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), Version);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Dimensions);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), snapshot.Length);
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            foreach (var (key, vector) in snapshot)
            {
                Convert.FromHexString(key, record.AsSpan(0, KeySize), out _, out _);
                for (var i = 0; i < Dimensions; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(KeySize + (i * sizeof(float))), vector[i]);
                }

                await stream.WriteAsync(record, cancellationToken).ConfigureAwait(false);
            }
        }

        File.Move(temporary, Path, overwrite: true);
    }

    private static void Parse(byte[] bytes, int dimensions, ConcurrentDictionary<string, float[]> entries)
    {
        if (bytes.Length < 16 || BinaryPrimitives.ReadInt32LittleEndian(bytes) != Magic
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) != Version
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)) != dimensions)
        {
            return;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        var recordSize = KeySize + (dimensions * sizeof(float));
        if (count < 0 || bytes.Length != 16 + ((long)count * recordSize))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), $"{count} entries of {recordSize} bytes do not fill {bytes.Length} bytes");
        }

        for (var e = 0; e < count; e++)
        {
            var record = bytes.AsSpan(16 + (e * recordSize), recordSize);
            var vector = new float[dimensions];
            for (var i = 0; i < dimensions; i++)
            {
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(record[(KeySize + (i * sizeof(float)))..]);
            }

            entries[Convert.ToHexStringLower(record[..KeySize])] = vector;
        }
    }
}
