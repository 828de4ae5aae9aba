using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// The service collection <c>AddHybridSearch</c> was called on, kept so start-up validation can tell an encoder the
/// application chose from the fallback factory that would fail on first use.
/// </summary>
internal sealed class HybridSearchRegistrations(IServiceCollection services)
{
    public bool HasEncoder()
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceKey is not null)
            {
                continue;
            }

            if (descriptor.ServiceType == typeof(ITextEncoder) || descriptor.ServiceType == typeof(IEmbeddingGenerator<string, Embedding<float>>)
                || (descriptor.ServiceType == typeof(DualEncoder) && !IsFallback(descriptor)))
            {
                return true;
            }
        }

        return false;
    }

    public bool HasBackend() => services.Any(static d => d.ServiceKey is null && d.ServiceType == typeof(ISearchBackend));

    private static bool IsFallback(ServiceDescriptor descriptor) =>
        descriptor.ImplementationFactory is { } factory && factory.Method == typeof(DefaultServices).GetMethod(nameof(DefaultServices.CreateDualEncoder));
}
