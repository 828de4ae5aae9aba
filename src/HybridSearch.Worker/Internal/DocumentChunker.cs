using System.Security.Cryptography;
using System.Text;
using HybridSearch.Encoding;
using HybridSearch.Ingestion;

namespace HybridSearch.Worker.Internal;

/// <summary>
/// The seam between the pipeline and chunking: splits a document's encoding text into passages that fit the model,
/// counted in the encoder's own tokens. <see cref="IngestionChunking.Truncate"/> keeps one passage (the encoder cuts it
/// at its limit); <see cref="IngestionChunking.Passages"/> slides a window of the model's limit (less [CLS] and [SEP]) with
/// the configured overlap. Core's sentence-aware chunker replaces the window logic here when it is available.
/// </summary>
internal sealed class DocumentChunker(ITextEncoder encoder, IngestionChunking chunking, int overlapTokens)
{
    private const int SpecialTokens = 2;

    public PreparedDocument Prepare(long sequence, SourceRecord record)
    {
        var text = record.Document!.EncodingText;
        var window = Math.Max(1, encoder.MaxTokens - SpecialTokens);
        PassageRange[] passages;
        int tokens;
        if (chunking == IngestionChunking.Truncate)
        {
            passages = [new PassageRange(0, text.Length)];
            tokens = Math.Min(encoder.Tokenizer.CountTokens(text), window);
        }
        else
        {
            (passages, tokens) = Split(text, encoder.Tokenizer.Tokenize(text), window);
        }

        return new PreparedDocument(sequence, record, passages, tokens + (passages.Length * SpecialTokens), Hash(text));
    }

    private (PassageRange[] Passages, int Tokens) Split(string text, IReadOnlyList<TokenSpan> spans, int window)
    {
        if (spans.Count <= window)
        {
            return ([new PassageRange(0, text.Length)], spans.Count);
        }

        var step = Math.Max(1, window - Math.Min(overlapTokens, window / 2));
        var passages = new List<PassageRange>((spans.Count / step) + 1);
        var tokens = 0;
        for (var first = 0; ; first += step)
        {
            var last = Math.Min(first + window, spans.Count) - 1;
            var start = spans[first].Start;
            passages.Add(new PassageRange(start, spans[last].End - start));
            tokens += last - first + 1;
            if (last == spans.Count - 1)
            {
                break;
            }
        }

        return ([.. passages], tokens);
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 encoding text: equal text, equal vectors.</summary>
    public static string Hash(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
