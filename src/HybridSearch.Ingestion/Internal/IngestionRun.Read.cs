using System.Globalization;
using HybridSearch.Ingestion;

namespace HybridSearch.Ingestion.Internal;

/// <summary>The reading side: source → records → prepared documents → batches.</summary>
internal sealed partial class IngestionRun
{
    private volatile bool _sourceExhausted;

    // Reader stage. Registers every record in source order; bad ones are dead-lettered here and never queued.
    private async Task ReadAsync(CancellationToken readToken, CancellationToken token)
    {
        try
        {
            await foreach (var record in _source.ReadAsync(_start?.Cursor, readToken).ConfigureAwait(false))
            {
                var sequence = await _tracker.RegisterAsync(record.Cursor, readToken).ConfigureAwait(false);
                Interlocked.Increment(ref _read);
                _metrics.Read();
                var reason = record.Error ?? Validate(record);
                if (reason is not null)
                {
                    DeadLetter(sequence, record, reason);
                    continue;
                }

                // The record is registered: it must reach the writer, so only an abort may interrupt this write.
                await _records.Writer.WriteAsync((sequence, record), token).ConfigureAwait(false);
            }

            _sourceExhausted = true;
        }
        catch (OperationCanceledException) when (readToken.IsCancellationRequested && !token.IsCancellationRequested)
        {
            // A stop request: what has been read drains through the other stages.
        }
    }

    private string? Validate(SourceRecord record)
    {
        var document = record.Document!;
        if (string.IsNullOrWhiteSpace(document.Text) && record.Vectors is null)
        {
            return $"document '{document.Id}' has empty text";
        }

        return document.Text.Length > _options.MaxTextChars
            ? string.Create(CultureInfo.InvariantCulture,
                $"document '{document.Id}' text has {document.Text.Length} characters, over the limit of {_options.MaxTextChars} " +
                $"({IngestionOptions.SectionName}:MaxTextChars)")
            : null;
    }

    private void DeadLetter(long sequence, SourceRecord record, string reason, int? status = null)
    {
        Log.DeadLettered(_logger, record.Source, record.Line, reason);
        _metrics.DeadLettered();
        Interlocked.Increment(ref _deadLetteredThisRun);
        var raw = record.Raw ?? (record.Document is { } d ? Truncate(d.Text) : null);
        var letter = new DeadLetter(
            record.Source, record.Line, record.Cursor, record.Document?.Id, reason, status, _time.GetUtcNow(), raw);
        _tracker.CompleteDeadLettered(sequence, letter);
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : string.Concat(text.AsSpan(0, 1000), "…");

    // Chunker stage: splits each document into passages counted in model tokens.
    private async Task ChunkAsync(CancellationToken token)
    {
        await foreach (var (sequence, record) in _records.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            if (record.Vectors is not null && _chunker.CheckVectors(record) is { } reason)
            {
                DeadLetter(sequence, record, reason);
                continue;
            }

            PreparedDocument prepared;
            try
            {
                prepared = _chunker.Prepare(sequence, record);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                DeadLetter(sequence, record, $"document '{record.Document!.Id}' could not be tokenized: {e.Message}");
                continue;
            }

            await _prepared.Writer.WriteAsync(prepared, token).ConfigureAwait(false);
        }
    }

    // Batcher stage: fills a batch up to BatchSize passages or BatchTokens tokens, or until BatchTimeout after its first
    // document, so a trickle of documents (a watched folder) is not held back waiting for a full batch.
    private async Task BatchAsync(CancellationToken token)
    {
        var reader = _prepared.Reader;
        var batch = new List<PreparedDocument>();
        var passages = 0;
        var tokens = 0;
        var deadline = 0L;
        while (true)
        {
            bool more;
            if (batch.Count == 0)
            {
                more = await reader.WaitToReadAsync(token).ConfigureAwait(false);
            }
            else
            {
                var remaining = _options.BatchTimeout - _time.GetElapsedTime(deadline);
                using var timer = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timer.Token);
                try
                {
                    more = await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    await FlushAsync().ConfigureAwait(false);
                    continue;
                }
            }

            if (!more)
            {
                break;
            }

            while (reader.TryRead(out var document))
            {
                if (batch.Count > 0 && (passages + document.Passages.Count > _options.BatchSize ||
                                        tokens + document.Tokens > _options.BatchTokens))
                {
                    await FlushAsync().ConfigureAwait(false);
                }

                if (batch.Count == 0)
                {
                    deadline = _time.GetTimestamp();
                }

                batch.Add(document);
                passages += document.Passages.Count;
                tokens += document.Tokens;
                if (passages >= _options.BatchSize || tokens >= _options.BatchTokens)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }
        }

        await FlushAsync().ConfigureAwait(false);

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            await _batches.Writer.WriteAsync(new EncodeBatch([.. batch], passages), token).ConfigureAwait(false);
            batch.Clear();
            passages = 0;
            tokens = 0;
        }
    }

    private async Task CountAsync(CancellationToken cancellationToken)
    {
        try
        {
            var total = await _source.CountAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _total, total ?? -1);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before counting finished: progress simply has no total.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Log.CountFailed(_logger, e, _source.Name);
        }
    }
}
