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

    private readonly DocumentPreparer _preparer;

    public DocumentChunker(ITextEncoder documentEncoder, ChunkingMode chunking, int overlapTokens)
    {
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

    public PreparedDocument Prepare(long sequence, SourceRecord record)
    {
        var document = record.Document!;
        var passages = _preparer.Chunker.Split(document.EncodingText);
        var tokens = 0;
        foreach (var passage in passages)
        {
            tokens += Math.Min(_preparer.Chunker.MaxTokens, (passage.Length / CharsPerToken) + 1) + ChunkingOptions.SpecialTokens;
        }

        return new PreparedDocument(sequence, record, passages, tokens, _preparer.ComputeContentHash(document));
    }
}
