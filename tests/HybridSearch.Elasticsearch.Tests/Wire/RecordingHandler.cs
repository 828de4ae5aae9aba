using System.Net;


namespace HybridSearch.Elasticsearch.Tests.Wire;

/// <summary>
/// An in-process HTTP server stand-in: records every request (method, path and query, body) and answers from a script of
/// responses, in order. A scripted exception is thrown instead of answering (a timeout or a dropped connection).
/// </summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private readonly List<(Func<RecordedRequest, bool> When, int Status, string Json)> _routes = [];
    private readonly object _gate = new();
    private string? _mapping;
    private string? _root;
    private int _rootStatus = 200;

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Queues a JSON answer.</summary>
    public RecordingHandler Respond(int status, string json)
    {
        _script.Enqueue(_ => Json(status, json));
        return this;
    }

    /// <summary>Queues a JSON answer with extra response headers (e.g. <c>Retry-After</c>).</summary>
    public RecordingHandler Respond(int status, string json, params (string Name, string Value)[] headers)
    {
        _script.Enqueue(_ =>
        {
            var response = Json(status, json);
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });
        return this;
    }

    /// <summary>Answers every request matching <paramref name="when"/> (checked before the queue; for concurrent requests).</summary>
    public RecordingHandler Route(Func<RecordedRequest, bool> when, int status, string json)
    {
        _routes.Add((when, status, json));
        return this;
    }

    /// <summary>
    /// Answers every <c>GET {index}/_mapping</c> with <paramref name="json"/> without recording it: the one layout read a
    /// backend makes before its first search, which tests of search bodies need not see.
    /// </summary>
    public RecordingHandler AnswerMapping(string json)
    {
        _mapping = json;
        return this;
    }

    /// <summary>
    /// Answers <c>GET /</c> (the version probe every backend makes once) with <paramref name="json"/>, unrecorded. Without it
    /// the probe gets what each server tells its own client: Elasticsearch 9.2.0 to the Elastic client (which sends
    /// <c>x-elastic-client-meta</c>), OpenSearch 2.19.0 to the plain HTTP client.
    /// </summary>
    public RecordingHandler AnswerRoot(string json, int status = 200)
    {
        _root = json;
        _rootStatus = status;
        return this;
    }

    /// <summary>The root endpoint's answer of an Elasticsearch or OpenSearch server of the given version (API reference, "Info").</summary>
    public static string Root(string number, bool openSearch = false) => openSearch
        ? $$"""{"name": "os-node", "cluster_name": "docker-cluster", "cluster_uuid": "u", "version": {"distribution": "opensearch", "number": "{{number}}", "build_type": "tar", "lucene_version": "9.12.1", "minimum_wire_compatibility_version": "7.10.0", "minimum_index_compatibility_version": "7.0.0"}, "tagline": "The OpenSearch Project: https://opensearch.org/"}"""
        : $$"""{"name": "es01", "cluster_name": "docker-cluster", "cluster_uuid": "u", "version": {"number": "{{number}}", "build_flavor": "default", "build_type": "docker", "build_hash": "h", "build_date": "2025-10-01T00:00:00.000Z", "build_snapshot": false, "lucene_version": "10.3.1", "minimum_wire_compatibility_version": "8.19.0", "minimum_index_compatibility_version": "8.0.0"}, "tagline": "You Know, for Search"}""";

    /// <summary>Queues an arbitrary answer (it may throw, or act on the test's state first).</summary>
    public RecordingHandler Enqueue(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    /// <summary>Queues a failure (e.g. <see cref="TaskCanceledException"/> for a timeout).</summary>
    public RecordingHandler Throw(Exception exception)
    {
        _script.Enqueue(_ => throw exception);
        return this;
    }

    public int Remaining => _script.Count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = null;
        if (request.Content is not null)
        {
            // The transport gzips request bodies (Content-Encoding: gzip), as Elasticsearch accepts.
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            if (request.Content.Headers.ContentEncoding.Contains("gzip"))
            {
                using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await gzip.CopyToAsync(plain, cancellationToken);
                bytes = plain.ToArray();
            }

            body = System.Text.Encoding.UTF8.GetString(bytes);
        }

        var contentType = request.Content?.Headers.ContentType?.MediaType;
        var recorded = new RecordedRequest(
            request.Method.Method, request.RequestUri!.PathAndQuery, body, contentType, request.Headers.Authorization?.ToString());
        if (recorded.Method == "GET" && recorded.Path == "/")
        {
            return Json(_root is null ? 200 : _rootStatus, _root ?? Root(request.Headers.Contains("x-elastic-client-meta") ? "9.2.0" : "2.19.0", !request.Headers.Contains("x-elastic-client-meta")));
        }

        if (_mapping is not null && recorded.Method == "GET" && recorded.Path.EndsWith("/_mapping", StringComparison.Ordinal))
        {
            return Json(200, _mapping);
        }

        Func<HttpRequestMessage, HttpResponseMessage> answer;
        lock (_gate)
        {
            Requests.Add(recorded);
            var route = _routes.FindIndex(r => r.When(recorded));
            if (route >= 0)
            {
                var (_, status, json) = _routes[route];
                answer = _ => Json(status, json);
            }
            else if (_script.Count > 0)
            {
                answer = _script.Dequeue();
            }
            else
            {
                throw new InvalidOperationException($"Unscripted request {request.Method} {request.RequestUri}");
            }
        }

        return answer(request);
    }

    private static HttpResponseMessage Json(int status, string json)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        response.Headers.TryAddWithoutValidation("X-Elastic-Product", "Elasticsearch");
        return response;
    }
}
