using System.Net.Sockets;

namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>Finds out in at most two seconds whether a Docker engine answers, so the integration suite skips instead of hanging.</summary>
internal static class DockerEngine
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when an engine answers; otherwise why not, starting "no Docker engine: ".</summary>
    public static string? UnavailableReason => Reason.Value;

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
