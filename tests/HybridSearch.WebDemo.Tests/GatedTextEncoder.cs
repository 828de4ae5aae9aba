using HybridSearch.Encoding;

namespace HybridSearch.WebDemo.Tests;

/// <summary>Holds every encode call until <see cref="Open"/> is called, so a test can watch start-up indexing in progress.</summary>
public sealed class GatedTextEncoder(ITextEncoder innerEncoder) : DelegatingTextEncoder(innerEncoder)
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public override async Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        await InnerEncoder.EncodeAsync(texts, destination, cancellationToken);
    }
}
