using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HybridSearch.WebDemo;

/// <summary><c>/health/ready</c>: the checks tagged <c>ready</c>, answered 200 or 503 with a JSON body saying why.</summary>
internal static class ReadinessEndpoint
{
    public static HealthCheckOptions Options { get; } = new()
    {
        Predicate = static check => check.Tags.Contains(StartupIndexingExtensions.ReadyTag),
        ResponseWriter = WriteAsync,
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                static e => e.Key,
                static e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }
}
