using HybridSearch.Chunking;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Search;

namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// The chunk stage's work, on Core's chunking: <see cref="TextChunker"/> splits each document's encoding text into
/// passages that fit the model (sentence-aware token windows, or one truncated passage), and
/// <see cref="DocumentPreparer.ComputeContentHash"/> stamps it with the same content hash every ingestion path records.
/// Encoding happens later, in batches that span documents.
/// </summary>
internal sealed class DocumentChunker
{
    // Batching needs a token count per passage before encoding; about four characters a token for English WordPiece
    // is close enough for sizing batches, and spares a second tokenization of every passage.
    private const int CharsPerToken = 4;

    // Vectors brought with a document must be unit length, as the model's own are, within float32 text round-off.
    private const double UnitTolerance = 1e-3;

    private readonly DocumentPreparer _preparer;
    private readonly EncoderIdentity _identity;

    public DocumentChunker(ITextEncoder documentEncoder, ChunkingMode chunking, int overlapTokens)
    {
        _identity = documentEncoder.Identity;
        var options = new ChunkingOptions
        {
            Mode = chunking,
            Overlap = overlapTokens,
        };
        try
        {
            _preparer = new DocumentPreparer(DualEncoder.Siamese(documentEncoder), options);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentOutOfRangeException(
                $"{IngestionOptions.SectionName}:PassageOverlapTokens ({overlapTokens}) does not suit the model: {e.Message}", e);
        }
    }

    /// <summary>
    /// What an index records about how its passages were cut (the <see cref="ChunkingSetting"/>, e.g. <c>truncate</c> or
    /// <c>passages:254:32:True:0.25</c>), the same string the content hash includes.
    /// </summary>
    public string Setting => _preparer.Chunker.Options.Signature(_preparer.Chunker.MaxTokens);

    /// <summary>
    /// The content hash <see cref="Prepare"/> stamps on <paramref name="document"/>; a backfill compares stored hashes with it
    /// to find documents whose vectors are stale.
    /// </summary>
    public string ContentHash(SearchDocument document) => _preparer.ComputeContentHash(document);

    /// <summary>
    /// Why the vectors a record brought cannot be indexed with this model's (wrong size, not unit length, a passage outside
    /// the text), or null when they can.
    /// </summary>
    public string? CheckVectors(SourceRecord record)
    {
        var document = record.Document!;
        var vectors = record.Vectors!;
        var length = document.EncodingText.Length;
        for (var p = 0; p < vectors.Count; p++)
        {
            var passage = vectors[p];
            var what = vectors.Count == 1 ? $"document '{document.Id}'" : $"passage {p} of document '{document.Id}'";
            if (passage.Vector.Length != _identity.Dimensions)
            {
                return $"{what} has a {passage.Vector.Length}-dimensional vector; the index's model {_identity.Model} makes " +
                       $"{_identity.Dimensions}-dimensional ones";
            }

            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(passage.Vector);
            if (!float.IsFinite(norm) || Math.Abs(norm - 1) > UnitTolerance)
            {
                var found = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{norm:G4}, not 1 (±{UnitTolerance})");
                return $"{what} has a vector of length {found}: {_identity.Model} makes unit vectors, so these were not made by it, " +
                       "or not normalised";
            }

            if (passage.Start < 0 || passage.Length < 0 || passage.Start + passage.Length > length)
            {
                return $"{what} lies outside the document's text";
            }
        }

        return null;
    }

    public PreparedDocument Prepare(long sequence, SourceRecord record)
    {
        var document = record.Document!;
        if (record.Vectors is { } vectors)
        {
            // Nothing to encode: the passages are the ones the vectors were made for.
            var ranges = vectors.Select(static v => new PassageRange(v.Start, v.Length)).ToArray();
            return new PreparedDocument(sequence, record, ranges, Tokens: 0, _preparer.ComputeContentHash(document));
        }

        var passages = _preparer.Chunker.Split(document.EncodingText);
        var tokens = 0;
        foreach (var passage in passages)
        {
            tokens += Math.Min(_preparer.Chunker.MaxTokens, (passage.Length / CharsPerToken) + 1) + ChunkingOptions.SpecialTokens;
        }

        return new PreparedDocument(sequence, record, passages, tokens, _preparer.ComputeContentHash(document));
    }
}
