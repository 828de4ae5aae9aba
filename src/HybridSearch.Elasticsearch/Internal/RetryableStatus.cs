namespace HybridSearch.Elasticsearch.Internal;

/// <summary>HTTP statuses that mean "try again later": too many requests and gateway/availability errors.</summary>
internal static class RetryableStatus
{
    public static bool Is(int status) => status is 429 or 502 or 503 or 504;
}
