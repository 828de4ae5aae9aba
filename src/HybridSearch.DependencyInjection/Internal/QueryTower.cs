using HybridSearch.Encoders;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// The dual encoder the client uses (decorated query side, plain document side). A container singleton so the container
/// disposes the decorators (the cache) it owns; the model encoders underneath belong to their own registrations.
/// </summary>
internal sealed class QueryTower(DualEncoder encoder, ITextEncoder decoratedQueryEncoder) : IDisposable
{
    public DualEncoder Encoder { get; } = encoder;

    public void Dispose() => decoratedQueryEncoder.Dispose();
}
