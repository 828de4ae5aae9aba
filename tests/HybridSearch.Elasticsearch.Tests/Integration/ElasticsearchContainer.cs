using System.Net;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace HybridSearch.Elasticsearch.Tests.Integration;

/// <summary>
/// One single-node Elasticsearch 9 container for the whole integration class (security off, trial licence so the
/// retriever option works, 1 GB heap), and the SciFact subset indexed three ways: flat (exact), int8_hnsw and bbq_hnsw.
/// Nothing starts when Docker or the dataset is missing; the tests then skip with the reason.
/// </summary>
public sealed class ElasticsearchContainer : IAsyncLifetime
{
    /// <summary>Image under test; override with HYBRIDSEARCH_ES_IMAGE. 9.2+ is needed for <c>_source.exclude_vectors</c>.</summary>
    public static readonly string Image =
        Environment.GetEnvironmentVariable("HYBRIDSEARCH_ES_IMAGE") is { Length: > 0 } image ? image : "docker.elastic.co/elasticsearch/elasticsearch:9.2.0";

    private IContainer? _container;

    public string? SkipReason { get; private set; }

    public Uri? Url { get; private set; }

    internal SciFactSubset? Subset { get; private set; }

    internal Dictionary<VectorIndexType, ElasticsearchBackend> Backends { get; } = [];

    internal Dictionary<VectorIndexType, HybridSearch.Search.IndexWriteResult> Writes { get; } = [];

    public async Task InitializeAsync()
    {
        SkipReason = DockerEngine.RequireOrSkip(DockerEngine.UnavailableReason ?? SciFactSubset.MissingReason);
        if (SkipReason is not null)
        {
            return;
        }

        Subset = SciFactSubset.Shared;
        _container = new ContainerBuilder(Image)
            .WithEnvironment("discovery.type", "single-node")
            .WithEnvironment("xpack.security.enabled", "false")
            .WithEnvironment("xpack.license.self_generated.type", "trial")
            .WithEnvironment("ES_JAVA_OPTS", "-Xms1g -Xmx1g")
            .WithPortBinding(9200, true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r
                .ForPort(9200).ForPath("/_cluster/health").ForStatusCode(HttpStatusCode.OK)))
            .Build();
        await _container.StartAsync();
        Url = new Uri($"http://{_container.Hostname}:{_container.GetMappedPublicPort(9200)}");

        foreach (var type in new[] { VectorIndexType.Flat, VectorIndexType.Int8Hnsw, VectorIndexType.BbqHnsw })
        {
            var backend = CreateBackend(type);
            await backend.EnsureIndexAsync(SciFactSubset.Encoder);
            Writes[type] = await backend.UpsertAsync(Subset.Documents);
            Backends[type] = backend;
        }
    }

    internal ElasticsearchBackend CreateBackend(VectorIndexType type, HybridExecution hybrid = HybridExecution.Client) =>
        ElasticsearchBackend.Create(new ElasticsearchBackendOptions
        {
            Url = Url,
            IndexName = "scifact-" + type.ToString().ToLowerInvariant(),
            VectorIndex = type,
            Hybrid = hybrid,
            RefreshAfterWrite = true,
        });

    public async Task DisposeAsync()
    {
        foreach (var backend in Backends.Values)
        {
            backend.Dispose();
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
