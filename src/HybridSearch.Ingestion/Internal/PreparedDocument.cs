using HybridSearch.Chunking;
using HybridSearch.Ingestion;
using HybridSearch.Search;

namespace HybridSearch.Ingestion.Internal;

/// <summary>A document split into the passages that will be encoded, with its place in the source order.</summary>
/// <param name="Sequence">Registration number in the <see cref="WatermarkTracker"/>.</param>
/// <param name="Record">The source record (for dead letters: source, line, cursor).</param>
/// <param name="Passages">Character ranges of <see cref="SearchDocument.EncodingText"/>, in text order.</param>
/// <param name="Tokens">Model tokens over all passages, special tokens included, for batching.</param>
/// <param name="ContentHash">Hash of the encoded content.</param>
internal sealed record PreparedDocument(
    long Sequence, SourceRecord Record, IReadOnlyList<PassageRange> Passages, int Tokens, string ContentHash)
{
    public SearchDocument Document => Record.Document!;
}
