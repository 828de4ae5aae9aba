using System.Globalization;

namespace HybridSearch.Elasticsearch.Internal;

/// <summary>
/// A server's <c>Retry-After</c> header (RFC 9110 §10.2.3): a number of seconds or an HTTP date. Elasticsearch and proxies
/// in front of it (Elastic Cloud, a load balancer shedding load) send it with 429 and 503; waiting less only earns another
/// refusal.
/// </summary>
internal static class RetryAfter
{
    /// <summary>The wait the header asks for (zero for a date already past), or null when it is absent or unreadable.</summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(1).TotalSeconds));
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
