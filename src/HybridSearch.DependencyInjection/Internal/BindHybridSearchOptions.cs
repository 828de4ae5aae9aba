using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>Binds the <c>HybridSearch</c> section when the container has a configuration (a host always does).</summary>
internal sealed class BindHybridSearchOptions(IServiceProvider services) : IConfigureOptions<HybridSearchOptions>
{
    public void Configure(HybridSearchOptions options) =>
        services.GetService<IConfiguration>()?.GetSection(HybridSearchOptions.SectionName).Bind(options);
}
