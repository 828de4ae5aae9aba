using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HybridSearch.WebDemo.Indexing;

/// <summary>Not ready until start-up indexing has finished; unhealthy for good when it failed.</summary>
internal sealed class IndexingHealthCheck(IndexingStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["documents"] = status.Documents, ["state"] = status.State.ToString() };
        var result = status.State switch
        {
            IndexingState.Completed => HealthCheckResult.Healthy($"Start-up indexing finished: {status.Documents} documents.", data),
            IndexingState.Failed => HealthCheckResult.Unhealthy($"Start-up indexing failed: {status.Error}", data: data),
            _ => HealthCheckResult.Unhealthy($"Start-up indexing is running: {status.Documents} documents so far.", data: data),
        };
        return Task.FromResult(result);
    }
}
