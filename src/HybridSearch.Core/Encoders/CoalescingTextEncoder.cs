using System.Threading.Channels;

namespace HybridSearch.Encoders;

/// <summary>
/// Encodes concurrent single-text calls (one query per web request) together, as inference servers batch requests: the
/// first text that arrives opens a window of <see cref="Window"/>; texts arriving within it, up to
/// <see cref="MaxBatch"/>, share one call of the inner encoder. Calls with several texts are already batched and pass
/// straight through. One batch is encoded at a time, on a thread-pool thread owned by this encoder; texts that arrive
/// meanwhile form the next batch, so batches grow with load and a lone query waits at most one window.
/// </summary>
/// <remarks>
/// A caller's cancellation removes its text if the batch has not started, and otherwise only abandons the wait; one
/// caller never cancels another's encoding. A failed batch fails every call in it with the inner encoder's exception.
/// </remarks>
public sealed class CoalescingTextEncoder : DelegatingTextEncoder
{
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _timeProvider;
    private readonly Task _loop;

    /// <summary>Wraps <paramref name="innerEncoder"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is negative or <paramref name="maxBatch"/> below 1.</exception>
    public CoalescingTextEncoder(ITextEncoder innerEncoder, TimeSpan window, int maxBatch, TimeProvider? timeProvider = null)
        : base(innerEncoder)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        Window = window;
        MaxBatch = maxBatch;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How long the first text of a batch waits for others.</summary>
    public TimeSpan Window { get; }

    /// <summary>Most texts per inner call.</summary>
    public int MaxBatch { get; }

    /// <inheritdoc />
    public override Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count != 1)
        {
            return InnerEncoder.EncodeAsync(texts, destination, cancellationToken);
        }

        ArgumentNullException.ThrowIfNull(texts[0], nameof(texts));
        var dimensions = Identity.Dimensions;
        if (destination.Length < dimensions)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; one text of {dimensions} dimensions needs {dimensions}.", nameof(destination));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var request = new Request(texts[0], destination[..dimensions], cancellationToken);
        ObjectDisposedException.ThrowIf(!_requests.Writer.TryWrite(request), this);
        return request.Completion.Task;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _requests.Writer.TryComplete())
        {
            // The loop finishes the batch in hand and fails whatever is still queued.
            _loop.Wait(TimeSpan.FromSeconds(30));
        }

        base.Dispose(disposing);
    }

    private async Task RunAsync()
    {
        var reader = _requests.Reader;
        var batch = new List<Request>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            if (!reader.TryRead(out var first))
            {
                continue;
            }

            batch.Add(first);
            if (Window > TimeSpan.Zero)
            {
                var deadline = _timeProvider.GetTimestamp() + (long)(Window.TotalSeconds * _timeProvider.TimestampFrequency);
                while (batch.Count < MaxBatch)
                {
                    if (reader.TryRead(out var next))
                    {
                        batch.Add(next);
                        continue;
                    }

                    var remaining = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), deadline);
                    if (remaining <= TimeSpan.Zero)
                    {
                        break;
                    }

                    using var timeout = new CancellationTokenSource(remaining, _timeProvider);
                    try
                    {
                        if (!await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }

            while (batch.Count < MaxBatch && reader.TryRead(out var late))
            {
                batch.Add(late);
            }

            await EncodeBatchAsync(batch).ConfigureAwait(false);
        }

        while (reader.TryRead(out var orphan))
        {
            orphan.Completion.TrySetException(new ObjectDisposedException(nameof(CoalescingTextEncoder)));
        }
    }

    private async Task EncodeBatchAsync(List<Request> batch)
    {
        batch.RemoveAll(static r => r.Cancellation.IsCancellationRequested && r.Completion.TrySetCanceled(r.Cancellation));
        if (batch.Count == 0)
        {
            return;
        }

        var dimensions = Identity.Dimensions;
        var texts = new string[batch.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = batch[i].Text;
        }

        var matrix = new float[texts.Length * dimensions];
        try
        {
            // Shared by every caller in the batch, so no single caller's token may stop it.
            await InnerEncoder.EncodeAsync(texts, matrix, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var request in batch)
            {
                request.Completion.TrySetException(e);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            matrix.AsSpan(i * dimensions, dimensions).CopyTo(batch[i].Destination.Span);
            batch[i].Completion.TrySetResult();
        }
    }

    private sealed class Request(string text, Memory<float> destination, CancellationToken cancellation)
    {
        public string Text { get; } = text;

        public Memory<float> Destination { get; } = destination;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
