namespace HybridSearch.Elasticsearch;

/// <summary>Where hybrid queries are fused.</summary>
public enum HybridExecution
{
    /// <summary>
    /// Two requests (keyword and kNN) fused in C# by the Core fusion code, exactly as the embedded backend does. Works on
    /// every licence.
    /// </summary>
    Client,

    /// <summary>
    /// One request with the server-side <c>rrf</c> or <c>linear</c> retriever (chosen by the request's fusion method).
    /// Needs an Enterprise (or trial) licence; exact rescoring still runs in C# when asked for.
    /// </summary>
    ServerRetriever,
}
