namespace HybridSearch.DependencyInjection;

/// <summary>Where <c>AddElasticsearch()</c> connects: configuration keys <c>HybridSearch:Elasticsearch:Url</c> and <c>:IndexName</c>.</summary>
public sealed class ElasticsearchConnectionOptions
{
    /// <summary>Cluster address, such as <c>http://localhost:9200</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>Index name.</summary>
    public string? IndexName { get; set; }
}
