using System.Net.Sockets;

namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>Finds out in at most two seconds whether a Docker engine answers, so the integration suite skips instead of hanging.</summary>
internal static class DockerEngine
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when an engine answers; otherwise why not, starting "no Docker engine: ".</summary>
    public static string? UnavailableReason => Reason.Value;

    /// <summary>
    /// The reason to skip, unless <c>HYBRIDSEARCH_REQUIRE_DOCKER=1</c>: then a missing engine (or dataset) fails the suite,
    /// so a CI that has Docker can never pass by skipping it.
    /// </summary>
    public static string? RequireOrSkip(string? reason, string? required = null)
    {
        required ??= Environment.GetEnvironmentVariable("HYBRIDSEARCH_REQUIRE_DOCKER");
        return reason is not null && required == "1"
            ? throw new InvalidOperationException($"HYBRIDSEARCH_REQUIRE_DOCKER=1, but the integration suite cannot run: {reason}")
            : reason;
    }

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            if (string.IsNullOrEmpty(host) || host.StartsWith("unix://", StringComparison.Ordinal))
            {
                var path = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
                if (!File.Exists(path))
                {
                    return $"no Docker engine: {path} does not exist and DOCKER_HOST is {(string.IsNullOrEmpty(host) ? "unset" : host)}";
                }

                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                return Connect(socket, new UnixDomainSocketEndPoint(path), path);
            }

            if (host.StartsWith("tcp://", StringComparison.Ordinal) && Uri.TryCreate(host, UriKind.Absolute, out var uri))
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                return Connect(socket, new System.Net.DnsEndPoint(uri.Host, uri.Port), host);
            }

            return $"no Docker engine: DOCKER_HOST={host} is not a unix:// or tcp:// address this check understands";
        }
        catch (SocketException e)
        {
            return $"no Docker engine: {e.Message}";
        }
    }

    private static string? Connect(Socket socket, System.Net.EndPoint endpoint, string where)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            socket.ConnectAsync(endpoint, timeout.Token).AsTask().GetAwaiter().GetResult();
            return null;
        }
        catch (OperationCanceledException)
        {
            return $"no Docker engine: {where} did not answer within 2 s";
        }
        catch (SocketException e)
        {
            return $"no Docker engine: {where}: {e.Message}";
        }
    }
}
