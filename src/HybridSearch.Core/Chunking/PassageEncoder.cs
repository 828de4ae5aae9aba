using System.Buffers;
using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Chunking;

/// <summary>
/// The one way chunked documents become <see cref="EncodedDocument"/>s: every passage of a batch goes to the document
/// encoder in one call (so it can batch by length across documents) into a pooled matrix, and each document gets back its
/// own rows as passage vectors. Used by <see cref="DocumentPreparer"/> and by the ingestion pipeline's encode stage.
/// </summary>
public static class PassageEncoder
{
    /// <summary>Encodes the passages of <paramref name="documents"/>; results are in input order.</summary>
    /// <param name="documentEncoder">The document tower, with its document prefix if it has one.</param>
    /// <param name="documents">The documents and their passages.</param>
    /// <param name="cancellationToken">Cancels the encoder call.</param>
    public static async Task<EncodedDocument[]> EncodeAsync(
        ITextEncoder documentEncoder, IReadOnlyList<ChunkedDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return [];
        }

        var texts = PassageTexts(documents);
        var dimensions = documentEncoder.Identity.Dimensions;
        var matrix = ArrayPool<float>.Shared.Rent(texts.Length * dimensions);
        try
        {
            await documentEncoder.EncodeAsync(texts, matrix.AsMemory(0, texts.Length * dimensions), cancellationToken)
                .ConfigureAwait(false);
            var encoded = new EncodedDocument[documents.Count];
            var row = 0;
            for (var i = 0; i < documents.Count; i++)
            {
                var (document, ranges, contentHash) = documents[i];
                var passages = new EncodedPassage[ranges.Count];
                for (var p = 0; p < passages.Length; p++, row++)
                {
                    var vector = matrix.AsSpan(row * dimensions, dimensions).ToArray();
                    passages[p] = new EncodedPassage(ranges[p].Start, ranges[p].Length, vector);
                }

                encoded[i] = new EncodedDocument(document, passages, contentHash);
            }

            return encoded;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(matrix);
        }
    }

    private static string[] PassageTexts(IReadOnlyList<ChunkedDocument> documents)
    {
        var count = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i].Document
                ?? throw new ArgumentNullException(nameof(documents), $"Document {i} is null.");
            count += documents[i].Passages?.Count
                ?? throw new ArgumentNullException(nameof(documents), $"Passages of document '{document.Id}' are null.");
        }

        var texts = new string[count];
        var next = 0;
        foreach (var (document, passages, _) in documents)
        {
            var text = document.EncodingText;
            foreach (var passage in passages)
            {
                // The whole text as it is when it is one passage: no copy of a long document.
                texts[next++] = passage.Start == 0 && passage.Length == text.Length ? text : text.Substring(passage.Start, passage.Length);
            }
        }

        return texts;
    }
}
