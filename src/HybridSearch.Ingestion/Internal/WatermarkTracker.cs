namespace HybridSearch.Ingestion.Internal;

/// <summary>
/// Turns out-of-order completions into an in-order watermark. The reader registers records in source order; encoders and
/// the writer complete them in any order; the watermark is the last record of the longest completed prefix, and that is
/// all a checkpoint may claim. Dead letters are appended to their file as the watermark passes them, so the file's prefix
/// always matches the watermark. The number of registered but unpassed records is bounded: registering waits for a slot,
/// so a stalled record cannot make memory grow without limit.
/// </summary>
internal sealed class WatermarkTracker : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Entry> _pending = [];
    private readonly SemaphoreSlim _slots;
    private readonly DeadLetterWriter _deadLetters;
    private long _next;
    private long _head;
    private string? _cursor;
    private long _done;
    private long _written;
    private long _deadLettered;

    public WatermarkTracker(int maxInFlight, DeadLetterWriter deadLetters, Checkpoint? start)
    {
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        _deadLetters = deadLetters;
        _cursor = start?.Cursor;
        _done = start?.Done ?? 0;
        _written = start?.Written ?? 0;
        _deadLettered = start?.DeadLettered ?? 0;
    }

    /// <summary>Records registered and not yet passed by the watermark.</summary>
    public long InFlight
    {
        get
        {
            lock (_lock)
            {
                return _next - _head;
            }
        }
    }

    /// <summary>Registers the next record in source order, waiting while too many records are in flight.</summary>
    public async ValueTask<long> RegisterAsync(string cursor, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var sequence = _next++;
            _pending.Add(sequence, new Entry(cursor));
            return sequence;
        }
    }

    /// <summary>The sink acknowledged these records.</summary>
    public void CompleteWritten(IReadOnlyList<long> sequences)
    {
        lock (_lock)
        {
            foreach (var sequence in sequences)
            {
                _pending[sequence].Completed = true;
            }

            Advance();
        }
    }

    /// <summary>The record is bad; its dead letter is written once every earlier record is done.</summary>
    public void CompleteDeadLettered(long sequence, DeadLetter letter)
    {
        lock (_lock)
        {
            var entry = _pending[sequence];
            entry.Letter = letter;
            entry.Completed = true;
            Advance();
        }
    }

    /// <summary>Flushes the dead letters to disk and returns the current watermark.</summary>
    public WatermarkSnapshot Snapshot()
    {
        lock (_lock)
        {
            var deadLetterBytes = _deadLetters.FlushToDisk();
            return new WatermarkSnapshot(_cursor, _done, _written, _deadLettered, deadLetterBytes);
        }
    }

    private void Advance()
    {
        var passed = 0;
        while (_pending.TryGetValue(_head, out var entry) && entry.Completed)
        {
            _pending.Remove(_head);
            if (entry.Letter is { } letter)
            {
                _deadLetters.Append(letter);
                _deadLettered++;
            }
            else
            {
                _written++;
            }

            _cursor = entry.Cursor;
            _done++;
            _head++;
            passed++;
        }

        if (passed > 0)
        {
            _slots.Release(passed);
        }
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Entry(string cursor)
    {
        public string Cursor { get; } = cursor;

        public bool Completed { get; set; }

        public DeadLetter? Letter { get; set; }
    }
}
