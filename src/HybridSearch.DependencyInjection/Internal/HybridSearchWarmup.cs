using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>
/// Builds the search client when the host starts, so a model that cannot be loaded stops the start-up with its own error
/// instead of failing the first request, and runs the query encoder once so the first request pays no warm-up.
/// </summary>
internal sealed class HybridSearchWarmup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<HybridSearchClient>();
        await services.GetRequiredService<DualEncoder>().QueryEncoder.EncodeAsync("warm-up", cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
