using HybridSearch.Embedded;
using HybridSearch.Encoding;
using HybridSearch.Search;

namespace HybridSearch.Cli.Ingestion;

/// <summary>
/// Encodes documents in batches and writes them to an embedded index, committing every <c>commitEvery</c> documents.
/// Resumable: documents the index already holds with the same content hash are skipped, so rerunning after a crash
/// finishes the job without encoding twice, and upserts by id never duplicate.
/// </summary>
internal sealed class EmbeddedIngestion(EmbeddedIndex index, DualEncoder encoder, int batchSize = 64, int commitEvery = 2048)
{
    /// <summary>Called after every commit with the counts so far.</summary>
    public Action<IngestionSummary>? Committed { get; init; }

    public async Task<IngestionSummary> RunAsync(IAsyncEnumerable<SourceDocument> documents, CancellationToken cancellationToken)
    {
        await index.EnsureIndexAsync(encoder.DocumentIdentity, cancellationToken);
        var summary = new IngestionSummary();
        var batch = new List<SourceDocument>(batchSize);
        var sinceCommit = 0;
        await foreach (var document in documents.WithCancellation(cancellationToken))
        {
            batch.Add(document);
            if (batch.Count == batchSize)
            {
                sinceCommit += await WriteBatchAsync(batch, summary, cancellationToken);
                batch.Clear();
                if (sinceCommit >= commitEvery)
                {
                    await index.CommitAsync(cancellationToken);
                    Committed?.Invoke(summary);
                    sinceCommit = 0;
                }
            }
        }

        await WriteBatchAsync(batch, summary, cancellationToken);
        await index.CommitAsync(cancellationToken);
        return summary;
    }

    private async Task<int> WriteBatchAsync(List<SourceDocument> batch, IngestionSummary summary, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var modelHash = encoder.DocumentIdentity.Sha256;
        var ids = batch.Select(static d => d.Document.Id).ToList();
        var stored = await index.GetContentHashesAsync(ids, cancellationToken);
        var pending = new List<(SearchDocument Document, string Hash, IReadOnlyList<(int Start, int Length)> Passages)>();
        var texts = new List<string>();
        foreach (var source in batch)
        {
            summary.Read++;
            var hash = ContentHashes.Of(modelHash, source.Document);
            if (stored.TryGetValue(source.Document.Id, out var existing) && existing == hash)
            {
                summary.Unchanged++;
                continue;
            }

            var passages = Passages.Of(source.Document);
            var encodingText = source.Document.EncodingText;
            foreach (var (start, length) in passages)
            {
                texts.Add(encodingText.Substring(start, length));
            }

            pending.Add((source.Document, hash, passages));
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        var dimensions = encoder.Dimensions;
        var vectors = new float[texts.Count * dimensions];
        await encoder.EncodeDocumentsAsync(texts, vectors, cancellationToken);
        var encoded = new List<EncodedDocument>(pending.Count);
        var row = 0;
        foreach (var (document, hash, passages) in pending)
        {
            var encodedPassages = new List<EncodedPassage>(passages.Count);
            foreach (var (start, length) in passages)
            {
                encodedPassages.Add(new EncodedPassage(start, length, vectors.AsSpan(row++ * dimensions, dimensions).ToArray()));
            }

            encoded.Add(new EncodedDocument(document, encodedPassages, hash));
        }

        await index.UpsertAsync(encoded, cancellationToken);
        summary.Indexed += encoded.Count;
        summary.Passages += texts.Count;
        return encoded.Count;
    }
}
