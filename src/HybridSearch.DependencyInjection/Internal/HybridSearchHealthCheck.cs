using HybridSearch.Encoders;
using HybridSearch.Search;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>Healthy when the backend answers, the index exists, and its document encoder matches the configured one.</summary>
internal sealed class HybridSearchHealthCheck(ISearchBackend backend, DualEncoder encoder) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration.FailureStatus;
        IndexDescription description;
        try
        {
            description = await backend.DescribeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Reported, not swallowed: the health report carries the exception and the health-check log records it.
            return new HealthCheckResult(failure, $"The search backend did not answer: {exception.Message}", exception);
        }

        var configured = encoder.DocumentIdentity;
        var data = new Dictionary<string, object>
        {
            ["documents"] = description.Documents,
            ["passages"] = description.Passages,
            ["configuredEncoder"] = configured.ToString(),
        };
        if (description.DocumentEncoder is not { } indexEncoder)
        {
            return new HealthCheckResult(failure, "The index has not been created yet (no documents were ever written).", data: data);
        }

        data["indexEncoder"] = indexEncoder.ToString();
        if (!configured.CanQuery(indexEncoder))
        {
            return new HealthCheckResult(
                failure,
                $"The index was built with {indexEncoder}, but the configured encoder is {configured}: semantic search would " +
                "return nonsense. Configure the encoder the index was built with, or rebuild the index.",
                data: data);
        }

        return HealthCheckResult.Healthy($"{description.Documents} documents, {description.Passages} passages, {indexEncoder}.", data);
    }
}
