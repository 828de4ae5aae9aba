using HybridSearch.Search;

namespace HybridSearch.Ingestion.Internal;

/// <summary>The writer stage: the only one that touches the index and the checkpoint.</summary>
internal sealed partial class IngestionRun
{
    private WatermarkSnapshot? _saved;
    private long _vectorsWritten;
    private long _lastCheckpoint;

    // Ordering that makes a crash harmless: upsert → acknowledge (watermark) → commit → checkpoint. A checkpoint therefore
    // names only records whose writes the index has made durable; anything after it is written again, by id, on restart.
    private async Task WriteAsync(CancellationToken token)
    {
        var reader = _encoded.Reader;
        _lastCheckpoint = _time.GetTimestamp();
        while (true)
        {
            bool more;
            using (var timer = new CancellationTokenSource(_options.CheckpointInterval, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timer.Token))
            {
                try
                {
                    more = await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // Idle for a checkpoint interval: dead letters may still have moved the watermark.
                    await CheckpointAsync(token).ConfigureAwait(false);
                    continue;
                }
            }

            if (!more)
            {
                break;
            }

            while (reader.TryRead(out var batch))
            {
                await WriteBatchAsync(Coalesce(batch, reader, _options.WriteBatchSize), token).ConfigureAwait(false);
                if (_time.GetElapsedTime(_lastCheckpoint) >= _options.CheckpointInterval)
                {
                    await CheckpointAsync(token).ConfigureAwait(false);
                }
            }
        }

        await CheckpointAsync(token).ConfigureAwait(false);
        ReportProgress();
    }

    /// <summary>
    /// Joins the batches already waiting behind <paramref name="first"/>, up to <paramref name="limit"/> documents:
    /// when the index is the slower stage (vectors that came with their documents need no encoding), one large write costs
    /// far less than many small ones; when encoding is slower, nothing waits and batches go out as they come.
    /// </summary>
    private static WriteBatch Coalesce(WriteBatch first, System.Threading.Channels.ChannelReader<WriteBatch> reader, int limit)
    {
        if (first.Documents.Count >= limit || !reader.TryPeek(out _))
        {
            return first;
        }

        var documents = new List<EncodedDocument>(first.Documents);
        var sequences = new List<long>(first.Sequences);
        var records = new List<SourceRecord>(first.Records);
        while (documents.Count < limit && reader.TryPeek(out var waiting) && documents.Count + waiting.Documents.Count <= limit && reader.TryRead(out var next))
        {
            documents.AddRange(next.Documents);
            sequences.AddRange(next.Sequences);
            records.AddRange(next.Records);
        }

        return new WriteBatch(documents, sequences, records);
    }

    private async Task WriteBatchAsync(WriteBatch batch, CancellationToken token)
    {
        if (batch.Documents.Count == 0)
        {
            return;
        }

        var started = _time.GetTimestamp();
        var result = await _retry.ExecuteAsync(
                $"Writing {batch.Documents.Count} documents to the index",
                ct => _index.UpsertAsync(batch.Documents, ct),
                token)
            .ConfigureAwait(false);
        if (result.Rejected.Count == 0)
        {
            _metrics.Written(batch.Documents.Count, _time.GetElapsedTime(started));
            Interlocked.Add(ref _writtenThisRun, batch.Documents.Count);
            Interlocked.Add(ref _vectorsWritten, batch.Documents.Sum(static d => (long)d.Passages.Count));
            _tracker.CompleteWritten(batch.Sequences);
            ReportProgress();
            return;
        }

        // The index refused these one by one: each goes to the dead-letter file under its own source record, and only the
        // others count as written.
        var refused = new Dictionary<string, DocumentRejection>(result.Rejected.Count, StringComparer.Ordinal);
        foreach (var rejection in result.Rejected)
        {
            refused.TryAdd(rejection.Id, rejection);
        }

        var accepted = new List<long>(batch.Documents.Count);
        for (var i = 0; i < batch.Documents.Count; i++)
        {
            if (refused.TryGetValue(batch.Documents[i].Document.Id, out var rejection))
            {
                DeadLetter(batch.Sequences[i], batch.Records[i], $"the index refused document '{rejection.Id}': {rejection.Reason}",
                    rejection.Status);
            }
            else
            {
                accepted.Add(batch.Sequences[i]);
                Interlocked.Add(ref _vectorsWritten, batch.Documents[i].Passages.Count);
            }
        }

        _metrics.Written(accepted.Count, _time.GetElapsedTime(started));
        Interlocked.Add(ref _writtenThisRun, accepted.Count);
        _tracker.CompleteWritten(accepted);
        ReportProgress();
    }

    private async Task CheckpointAsync(CancellationToken token)
    {
        _lastCheckpoint = _time.GetTimestamp();
        var snapshot = _tracker.Snapshot();
        if (snapshot.Done == (_saved?.Done ?? _start?.Done ?? 0))
        {
            return;
        }

        await _retry.ExecuteAsync("Committing the index", ct => _index.CommitAsync(ct), token).ConfigureAwait(false);

        var checkpoint = new Checkpoint(
            Checkpoint.CurrentVersion, _source.Name, snapshot.Cursor, snapshot.Done, snapshot.Written, snapshot.DeadLettered,
            snapshot.DeadLetterBytes, _time.GetUtcNow());
        await _store.SaveAsync(checkpoint, token).ConfigureAwait(false);
        _saved = snapshot;
        Log.CheckpointSaved(_logger, snapshot.Cursor, snapshot.Done);
    }

    private void ReportProgress()
    {
        if (_progress is null)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(_startTimestamp);
        var written = Interlocked.Read(ref _writtenThisRun);
        var deadLettered = Interlocked.Read(ref _deadLetteredThisRun);
        var total = Interlocked.Read(ref _total);
        _progress.Report(new IngestionProgress(
            (_start?.Done ?? 0) + written + deadLettered,
            total < 0 ? null : total,
            written,
            deadLettered,
            elapsed,
            elapsed > TimeSpan.Zero ? (written + deadLettered) / elapsed.TotalSeconds : 0));
    }

    private IngestionSummary Summarize(bool stopped)
    {
        var final = _saved ?? _tracker.Snapshot();
        var elapsed = _time.GetElapsedTime(_startTimestamp);
        var summary = new IngestionSummary(
            _source.Name,
            _start?.Cursor,
            Interlocked.Read(ref _read),
            final.Written - (_start?.Written ?? 0),
            final.DeadLettered - (_start?.DeadLettered ?? 0),
            final.Done,
            stopped,
            elapsed,
            _store.Path,
            _deadLetterPath)
        {
            VectorsWritten = Interlocked.Read(ref _vectorsWritten),
        };
        Log.Finished(_logger, _source.Name, stopped ? "stopped" : "completed", summary.Read, summary.Written, summary.DeadLettered,
            elapsed, summary.DocumentsPerSecond);
        return summary;
    }
}
