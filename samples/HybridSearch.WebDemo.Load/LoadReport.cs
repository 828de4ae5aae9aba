using System.Text.Json;

namespace HybridSearch.WebDemo.Load;

/// <summary>What a load run measured.</summary>
internal sealed record LoadReport(
    int Clients,
    double Seconds,
    long Requests,
    long Errors,
    double RequestsPerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    string? IndexingBefore,
    string? IndexingAfter,
    IReadOnlyList<string> FirstErrors)
{
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["clients"] = Clients,
        ["seconds"] = Math.Round(Seconds, 2),
        ["requests"] = Requests,
        ["errors"] = Errors,
        ["requests_per_second"] = Math.Round(RequestsPerSecond, 1),
        ["p50_ms"] = Math.Round(P50Milliseconds, 2),
        ["p99_ms"] = Math.Round(P99Milliseconds, 2),
        ["max_ms"] = Math.Round(MaxMilliseconds, 2),
        ["indexing_before"] = IndexingBefore,
        ["indexing_after"] = IndexingAfter,
        ["first_errors"] = FirstErrors,
    });
}
