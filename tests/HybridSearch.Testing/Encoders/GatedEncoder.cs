using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>
/// Holds every call to the encoder it decorates until <see cref="Open"/> is called, so a test can watch work in progress
/// (start-up indexing, a full queue) before letting it finish.
/// </summary>
public sealed class GatedEncoder(ITextEncoder innerEncoder) : DelegatingTextEncoder(innerEncoder)
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public override async Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        await _gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await InnerEncoder.EncodeAsync(texts, destination, cancellationToken).ConfigureAwait(false);
    }
}
