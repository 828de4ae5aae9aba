using HybridSearch.Encoders;

namespace HybridSearch.Testing;

/// <summary>Records every call to the encoder it decorates: the texts of each call, the token passed, and disposal.</summary>
public sealed class RecordingEncoder(ITextEncoder innerEncoder) : DelegatingTextEncoder(innerEncoder)
{
    private readonly Lock _lock = new();

    /// <summary>The texts of each call, in call order.</summary>
    public List<IReadOnlyList<string>> Calls { get; } = [];

    /// <summary>Every text encoded, in order.</summary>
    public List<string> Texts { get; } = [];

    public CancellationToken LastToken { get; private set; }

    public bool Disposed { get; private set; }

    public override Task EncodeAsync(IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        lock (_lock)
        {
            Calls.Add([.. texts]);
            Texts.AddRange(texts);
            LastToken = cancellationToken;
        }

        return InnerEncoder.EncodeAsync(texts, destination, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
