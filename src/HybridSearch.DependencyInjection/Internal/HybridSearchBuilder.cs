using Microsoft.Extensions.DependencyInjection;

namespace HybridSearch.DependencyInjection.Internal;

internal sealed class HybridSearchBuilder(IServiceCollection services) : IHybridSearchBuilder
{
    public IServiceCollection Services { get; } = services;
}
