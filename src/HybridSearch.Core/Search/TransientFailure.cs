using System.Net.Sockets;

namespace HybridSearch.Search;

/// <summary>
/// The one rule of what is worth retrying, as an allow-list: a server that answered 408, 429 or 5xx, a request that timed
/// out, a connection that was refused or lost. Everything else (401, 403, 404, 400, 413, a mapping conflict, an
/// incompatible or poisoned index, a bug) fails at once with its own reason, because retrying cannot change the answer.
/// </summary>
public static class TransientFailure
{
    /// <summary>True for an HTTP status that means "try again later": 408, 429 and every 5xx.</summary>
    public static bool IsTransientStatus(int status) => status is 408 or 429 or (>= 500 and <= 599);

    /// <summary>
    /// True when <paramref name="exception"/> says the index or server was unavailable for a while rather than that the
    /// request was wrong. A cancellation is never transient here: the caller decides whether its own token fired.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpRequestException http when http.StatusCode is { } status:
                    return IsTransientStatus((int)status);
                case HttpRequestException http when http.HttpRequestError is HttpRequestError.ConnectionError
                    or HttpRequestError.NameResolutionError or HttpRequestError.ResponseEnded:
                    return true;
                case TimeoutException or SocketException:
                    return true;
                case TaskCanceledException { InnerException: TimeoutException }:
                    // HttpClient's own timeout, not a caller's cancellation.
                    return true;
            }
        }

        // An HttpRequestException without a status or a known cause: the request never got an answer.
        return exception is HttpRequestException { StatusCode: null, HttpRequestError: HttpRequestError.Unknown }
            && exception.InnerException is null or IOException;
    }
}
