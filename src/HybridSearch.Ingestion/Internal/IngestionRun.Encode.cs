using HybridSearch.Chunking;
using HybridSearch.Search;

namespace HybridSearch.Ingestion.Internal;

/// <summary>The encoder stage; several run at once, sharing the batch queue.</summary>
internal sealed partial class IngestionRun
{
    private async Task EncodeAsync(CancellationToken token)
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            WriteBatch output;
            try
            {
                output = await EncodeBatchAsync(batch.Documents, token).ConfigureAwait(false);
            }
            catch (Exception e) when (!token.IsCancellationRequested && batch.Documents.Count > 1)
            {
                // One bad document must not sink its batch: isolate it.
                Log.BatchEncodeFailed(_logger, e, batch.Documents.Count);
                output = await EncodeOneByOneAsync(batch, token).ConfigureAwait(false);
            }

            await _encoded.Writer.WriteAsync(output, token).ConfigureAwait(false);
        }
    }

    private async Task<WriteBatch> EncodeBatchAsync(IReadOnlyList<PreparedDocument> documents, CancellationToken token)
    {
        var chunked = new List<ChunkedDocument>(documents.Count);
        var sequences = new long[documents.Count];
        var records = new SourceRecord[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            sequences[i] = document.Sequence;
            records[i] = document.Record;
            if (document.Record.Vectors is null)
            {
                chunked.Add(new ChunkedDocument(document.Document, document.Passages, document.ContentHash));
            }
        }

        EncodedDocument[] encoded = [];
        if (chunked.Count > 0)
        {
            var started = _time.GetTimestamp();
            encoded = await PassageEncoder.EncodeAsync(_encoder, chunked, token).ConfigureAwait(false);
            _metrics.Encoded(chunked.Count, _time.GetElapsedTime(started));
        }

        if (chunked.Count == documents.Count)
        {
            return new WriteBatch(WithRevisions(encoded, records), sequences, records);
        }

        // Documents that brought their vectors take them as they are, in source order among the encoded ones.
        var merged = new EncodedDocument[documents.Count];
        var next = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            merged[i] = document.Record.Vectors is { } vectors
                ? new EncodedDocument(document.Document, vectors, document.ContentHash)
                : encoded[next++];
        }

        return new WriteBatch(WithRevisions(merged, records), sequences, records);
    }

    // A revision read with the record conditions its write (see SourceRecord.Revision); encoding knows nothing of it.
    private static EncodedDocument[] WithRevisions(EncodedDocument[] encoded, SourceRecord[] records)
    {
        for (var i = 0; i < encoded.Length; i++)
        {
            if (records[i].Revision is { } revision)
            {
                encoded[i] = encoded[i] with { Revision = revision };
            }
        }

        return encoded;
    }

    // Encodes each document alone: the ones that still fail are dead-lettered with the encoder's message; if every one
    // fails, the encoder itself is broken and the run stops rather than dead-letter the whole corpus.
    private async Task<WriteBatch> EncodeOneByOneAsync(EncodeBatch batch, CancellationToken token)
    {
        var encoded = new List<EncodedDocument>(batch.Documents.Count);
        var sequences = new List<long>(batch.Documents.Count);
        var records = new List<SourceRecord>(batch.Documents.Count);
        var failures = new List<(PreparedDocument Document, Exception Error)>();
        foreach (var document in batch.Documents)
        {
            try
            {
                var single = await EncodeBatchAsync([document], token).ConfigureAwait(false);
                encoded.Add(single.Documents[0]);
                sequences.Add(document.Sequence);
                records.Add(document.Record);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                failures.Add((document, e));
            }
        }

        if (encoded.Count == 0)
        {
            var (first, error) = failures[0];
            throw new IngestionException(
                $"The encoder {_encoder.Identity} failed on every document of a batch, e.g. '{first.Document.Id}': {error.Message}", error);
        }

        foreach (var (document, error) in failures)
        {
            DeadLetter(document.Sequence, document.Record, $"document '{document.Document.Id}' could not be encoded: {error.Message}");
        }

        return new WriteBatch(encoded, sequences, records);
    }
}
