using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridSearch.Encoders;

namespace HybridSearch.Cli.Tests.Support;

/// <summary>
/// A stand-in Elasticsearch 9 on 127.0.0.1 (an <see cref="HttpListener"/> on a free port) that answers the requests an
/// ingestion sends, in the shapes of the API reference: <c>HEAD /{index}</c>, <c>GET /{index}/_mapping</c> for an index
/// HybridSearch created (flat layout), <c>POST /{index}/_bulk</c> with one result per item (refusing chosen ids with a
/// 400 <c>document_parsing_exception</c>, as Elasticsearch 8+ answers a value its mapping cannot take), and <c>_count</c>. With
/// <see cref="Unauthorized"/> it answers every request as a secured cluster does without credentials. Every response
/// carries <c>X-Elastic-Product: Elasticsearch</c>, which the official client checks.
/// </summary>
internal sealed class LoopbackElasticsearch : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly EncoderIdentity _encoder;
    private readonly Task _serving;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);
    private int _requests;

    public LoopbackElasticsearch(EncoderIdentity encoder, string index = "docs")
    {
        _encoder = encoder;
        Index = index;
        Url = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public string Index { get; }

    /// <summary>Ids whose bulk items are refused one by one.</summary>
    public HashSet<string> Refuse { get; } = new(StringComparer.Ordinal);

    /// <summary>Answer every request 401, as a secured cluster does to a client without credentials.</summary>
    public bool Unauthorized { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many times each id was acknowledged by a bulk request.</summary>
    public Dictionary<string, int> Acknowledged { get; } = new(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // The listener was stopped under a pending GetContextAsync: that is how serving ends.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            var (status, body) = Answer(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, await ReadBodyAsync(context.Request));
            var response = context.Response;
            response.StatusCode = status;
            response.Headers["X-Elastic-Product"] = "Elasticsearch";
            if (status == 401)
            {
                response.Headers["WWW-Authenticate"] = "Basic realm=\"security\", charset=\"UTF-8\"";
            }

            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            response.ContentType = "application/json";
            if (context.Request.HttpMethod != "HEAD")
            {
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes);
            }

            response.Close();
        }
    }

    private static async Task<string> ReadBodyAsync(HttpListenerRequest request)
    {
        if (!request.HasEntityBody)
        {
            return string.Empty;
        }

        Stream input = request.InputStream;
        if (string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase))
        {
            input = new GZipStream(input, CompressionMode.Decompress);
        }

        using var reader = new StreamReader(input, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private (int Status, string Body) Answer(string method, string path, string body)
    {
        if (Unauthorized)
        {
            return (401, """
                {"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication credentials for REST request"}],
                "type":"security_exception","reason":"missing authentication credentials for REST request"},"status":401}
                """);
        }

        var prefix = "/" + Index;
        return (method, path) switch
        {
            ("GET", "/") => (200, """
                {"name":"es01","cluster_name":"loopback","cluster_uuid":"u","version":{"number":"9.2.0","build_flavor":"default",
                "build_type":"docker","build_hash":"h","build_date":"2025-10-01T00:00:00.000Z","build_snapshot":false,
                "lucene_version":"10.3.1","minimum_wire_compatibility_version":"8.19.0","minimum_index_compatibility_version":"8.0.0"},
                "tagline":"You Know, for Search"}
                """),
            ("HEAD", _) when path == prefix => (200, string.Empty),
            ("GET", _) when path == prefix + "/_mapping" => (200, Mapping()),
            ("POST" or "PUT", _) when path == prefix + "/_bulk" => (200, Bulk(body)),
            ("POST" or "GET", _) when path == prefix + "/_count" => (200, Count()),
            _ => (404, $$"""{"error":{"type":"resource_not_found_exception","reason":"no handler for {{method}} {{path}}"},"status":404}"""),
        };
    }

    private string Mapping()
    {
        var vector = new JsonObject { ["type"] = "dense_vector", ["dims"] = _encoder.Dimensions, ["index"] = true, ["similarity"] = "dot_product" };
        var meta = new JsonObject
        {
            ["encoder"] = new JsonObject { ["model"] = _encoder.Model, ["sha256"] = _encoder.Sha256, ["dimensions"] = _encoder.Dimensions },
            ["layout"] = new JsonObject { ["schema_version"] = 1, ["passages"] = "single" },
        };
        var mappings = new JsonObject
        {
            ["_meta"] = meta,
            ["dynamic"] = "strict",
            ["properties"] = new JsonObject { ["id"] = new JsonObject { ["type"] = "keyword" }, ["vector"] = vector },
        };
        return new JsonObject { [Index + "-v1"] = new JsonObject { ["mappings"] = mappings } }.ToJsonString();
    }

    private string Count()
    {
        lock (_gate)
        {
            var shards = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 };
            return new JsonObject { ["count"] = _stored.Count, ["_shards"] = shards }.ToJsonString();
        }
    }

    // One result per action line, in order; a source line follows every index action.
    private string Bulk(string body)
    {
        var items = new JsonArray();
        var errors = false;
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lock (_gate)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                using var action = JsonDocument.Parse(lines[i]);
                var (op, meta) = action.RootElement.EnumerateObject().Select(p => (p.Name, p.Value)).First();
                var id = meta.GetProperty("_id").GetString()!;
                if (op == "index")
                {
                    i++;
                }

                var result = new JsonObject { ["_index"] = Index + "-v1", ["_id"] = id };
                if (op == "index" && Refuse.Contains(id))
                {
                    errors = true;
                    result["status"] = 400;
                    result["error"] = new JsonObject
                    {
                        ["type"] = "document_parsing_exception",
                        ["reason"] = $"[1:42] failed to parse field [metadata] of type [flattened] in document with id '{id}'",
                    };
                }
                else
                {
                    result["status"] = 201;
                    result["result"] = "created";
                    result["_version"] = 1;
                    result["_seq_no"] = 0;
                    result["_primary_term"] = 1;
                    result["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };
                    _stored.Add(id);
                    Acknowledged[id] = Acknowledged.GetValueOrDefault(id) + 1;
                }

                items.Add(new JsonObject { [op] = result });
            }
        }

        return new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items }.ToJsonString();
    }
}
