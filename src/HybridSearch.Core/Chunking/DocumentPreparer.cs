using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Chunking;

/// <summary>
/// Turns <see cref="SearchDocument"/>s into <see cref="EncodedDocument"/>s with a dual encoder's document tower: splits
/// each document's <see cref="SearchDocument.EncodingText"/> into passages, encodes every passage of a batch in one call,
/// and stamps each document with a content hash. Thread-safe.
/// </summary>
public sealed class DocumentPreparer
{
    private readonly DualEncoder _encoder;
    private readonly TextChunker _chunker;
    private readonly string _hashPrefix;

    /// <summary>Creates a preparer over <paramref name="encoder"/>'s document tower with <paramref name="options"/>.</summary>
    public DocumentPreparer(DualEncoder encoder, ChunkingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        _encoder = encoder;
        _chunker = TextChunker.ForEncoder(encoder.DocumentEncoder, options);
        var identity = encoder.DocumentIdentity;
        var prefix = encoder.DocumentEncoder.GetService(typeof(PrefixedTextEncoder)) is PrefixedTextEncoder p ? p.Prefix : string.Empty;
        // Everything that determines the vectors, besides the text: model, weights, size, document prefix and chunking.
        _hashPrefix = string.Join(
            '\n', identity.Model, identity.Sha256, identity.Dimensions.ToString(CultureInfo.InvariantCulture), prefix,
            _chunker.Options.Signature(_chunker.MaxTokens), string.Empty);
    }

    /// <summary>The chunker in use.</summary>
    public TextChunker Chunker => _chunker;

    /// <summary>
    /// Lower-case hex SHA-256 of the document encoder's identity, its prefix, the chunking settings and the encoding
    /// text: it changes exactly when the document's vectors would, so an unchanged document need not be encoded again.
    /// Metadata is not part of it.
    /// </summary>
    public string ComputeContentHash(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = string.Concat(_hashPrefix, document.EncodingText);
        var maxBytes = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Chunks and encodes <paramref name="documents"/>; results are in input order.</summary>
    public async Task<IReadOnlyList<EncodedDocument>> PrepareAsync(
        IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var chunked = new ChunkedDocument[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i] ?? throw new ArgumentNullException(nameof(documents), $"Document {i} is null.");
            chunked[i] = new ChunkedDocument(document, _chunker.Split(document.EncodingText), ComputeContentHash(document));
        }

        return await PassageEncoder.EncodeAsync(_encoder.DocumentEncoder, chunked, cancellationToken).ConfigureAwait(false);
    }
}
