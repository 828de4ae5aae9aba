using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using HybridSearch.Encoders;

namespace HybridSearch.Adapters;

/// <summary>
/// Reads and writes adapter files. Layout, little-endian: the 8 ASCII bytes <c>HSQADAPT</c>; int32 format version (1);
/// int32 length and UTF-8 bytes of a JSON header (kind, dimensions, rank, the document encoder's identity, training
/// settings and per-epoch metrics); int32 parameter count and that many float32; then the SHA-256 of everything before it.
/// The same adapter always serialises to the same bytes.
/// </summary>
public static class QueryAdapterFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    private const int ChecksumLength = 32;

    private static ReadOnlySpan<byte> Magic => "HSQADAPT"u8;

    /// <summary>The file's bytes.</summary>
    public static byte[] Serialize(QueryAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        var header = JsonSerializer.SerializeToUtf8Bytes(
            new QueryAdapterFileHeader(adapter.Kind, adapter.Dimensions, adapter.Rank, adapter.DocumentEncoder, adapter.Training),
            AdapterJsonContext.Default.QueryAdapterFileHeader);
        var parameters = adapter.Parameters.Span;
        var length = Magic.Length + 4 + 4 + header.Length + 4 + (4 * parameters.Length) + ChecksumLength;
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        var offset = Magic.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], CurrentVersion);
        BinaryPrimitives.WriteInt32LittleEndian(span[(offset + 4)..], header.Length);
        offset += 8;
        header.CopyTo(span[offset..]);
        offset += header.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], parameters.Length);
        offset += 4;
        for (var i = 0; i < parameters.Length; i++, offset += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], parameters[i]);
        }

        SHA256.HashData(span[..offset], span[offset..]);
        return bytes;
    }

    /// <summary>Parses a file's bytes; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="QueryAdapterFormatException">The bytes are not a valid adapter file.</exception>
    public static QueryAdapter Deserialize(ReadOnlySpan<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new QueryAdapterFormatException(source, "not a query adapter file (the magic bytes HSQADAPT are missing).");
        }

        if (bytes.Length < Magic.Length + 8 + 4 + ChecksumLength)
        {
            throw new QueryAdapterFormatException(source, $"truncated: {bytes.Length} bytes is shorter than any adapter file.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[Magic.Length..]);
        if (version != CurrentVersion)
        {
            throw new QueryAdapterFormatException(
                source, $"format version {version} is not supported (this build reads version {CurrentVersion}).");
        }

        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[(Magic.Length + 4)..]);
        var headerStart = Magic.Length + 8;
        if (headerLength < 0 || headerLength > bytes.Length - headerStart - 4 - ChecksumLength)
        {
            throw new QueryAdapterFormatException(source, $"truncated or corrupt: a header of {headerLength} bytes does not fit.");
        }

        var countOffset = headerStart + headerLength;
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[countOffset..]);
        var parametersStart = countOffset + 4;
        if (count < 0 || (long)parametersStart + (4L * count) + ChecksumLength != bytes.Length)
        {
            throw new QueryAdapterFormatException(
                source, $"truncated or corrupt: {count} parameters and a checksum do not add up to the file's {bytes.Length} bytes.");
        }

        var checksumStart = parametersStart + (4 * count);
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        SHA256.HashData(bytes[..checksumStart], checksum);
        if (!checksum.SequenceEqual(bytes[checksumStart..]))
        {
            throw new QueryAdapterFormatException(source, "corrupt: the SHA-256 checksum does not match the contents.");
        }

        var header = ReadHeader(bytes.Slice(headerStart, headerLength), source);
        var parameters = new float[count];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(parametersStart + (4 * i))..]);
        }

        try
        {
            if (header.DocumentEncoder?.Model is null || header.DocumentEncoder.Sha256 is null)
            {
                throw new ArgumentException("the document encoder's identity (model, sha256, dimensions) is missing.");
            }

            QueryAdapter.ValidateShape(header.Kind, header.Dimensions, header.Rank);
            if (header.DocumentEncoder.Dimensions != header.Dimensions)
            {
                throw new ArgumentException(
                    $"the adapter has {header.Dimensions} dimensions but its document encoder {header.DocumentEncoder.Dimensions}.");
            }

            return new QueryAdapter(header.Kind, header.Dimensions, header.Rank, parameters, header.DocumentEncoder, header.Training, source);
        }
        catch (ArgumentException e)
        {
            throw new QueryAdapterFormatException(source, $"inconsistent header: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="adapter"/> to <paramref name="path"/> (through a temporary file, so a crash leaves no half file).</summary>
    public static async Task SaveAsync(QueryAdapter adapter, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, Serialize(adapter), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Reads the adapter at <paramref name="path"/>; with <paramref name="documentEncoder"/>, also checks that it was trained
    /// for that encoder.
    /// </summary>
    /// <exception cref="QueryAdapterFormatException">The file is not a valid adapter file.</exception>
    /// <exception cref="IncompatibleAdapterException">It was trained for another document encoder.</exception>
    public static async Task<QueryAdapter> LoadAsync(
        string path, EncoderIdentity? documentEncoder = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var adapter = Deserialize(bytes, path);
        if (documentEncoder is not null)
        {
            adapter.EnsureCompatibleWith(documentEncoder);
        }

        return adapter;
    }

    private static QueryAdapterFileHeader ReadHeader(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(json, AdapterJsonContext.Default.QueryAdapterFileHeader)
                ?? throw new QueryAdapterFormatException(source, "the header is JSON null.");
        }
        catch (JsonException e)
        {
            throw new QueryAdapterFormatException(source, $"the JSON header is invalid ({e.Message}).", e);
        }
    }
}
