namespace HybridSearch.Elasticsearch;

/// <summary>Which server the backend talks to.</summary>
public enum SearchEngine
{
    /// <summary>Elasticsearch 9.x through the official .NET client.</summary>
    Elasticsearch,

    /// <summary>OpenSearch 2.x through raw HTTP (<c>knn_vector</c> mappings, the <c>knn</c> query).</summary>
    OpenSearch,
}
