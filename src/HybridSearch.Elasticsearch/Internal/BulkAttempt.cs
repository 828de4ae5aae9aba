using HybridSearch.Search;
namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// What one bulk request returned: per-item outcomes in request order, or a request-level failure (no outcomes) with its
/// HTTP status (null when no response came: a timeout or a network error), and the wait the server's <c>Retry-After</c>
/// asked for, if it sent one.
/// </summary>
internal sealed record BulkAttempt(
    IReadOnlyList<BulkItemOutcome>? Items, int? FailureStatus, string? FailureReason, TimeSpan? RetryAfter = null)
{
    public static BulkAttempt Succeeded(IReadOnlyList<BulkItemOutcome> items) => new(items, null, null);

    public static BulkAttempt Failed(int? status, string reason, TimeSpan? retryAfter = null) => new(null, status, reason, retryAfter);

    /// <summary>True when a request-level failure is worth retrying (<see cref="TransientFailure"/>), or no response came at all.</summary>
    public bool IsRetryableFailure => Items is null && (FailureStatus is null || TransientFailure.IsTransientStatus(FailureStatus.Value));
}
