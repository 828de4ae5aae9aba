namespace HybridSearch.Elasticsearch;

/// <summary>
/// Settings of the Elasticsearch (or OpenSearch) backend, bound from configuration section <see cref="SectionName"/>
/// (environment variables <c>HybridSearch__Elasticsearch__Url</c> and so on). Checked once at start-up by
/// <see cref="ElasticsearchBackendOptionsValidator"/>; every message names the setting at fault.
/// </summary>
public sealed class ElasticsearchBackendOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "HybridSearch:Elasticsearch";

    /// <summary>Default <see cref="HnswM"/> (Elasticsearch's own default).</summary>
    public const int DefaultHnswM = 16;

    /// <summary>Default <see cref="HnswEfConstruction"/> (Elasticsearch's own default).</summary>
    public const int DefaultHnswEfConstruction = 100;

    /// <summary>Default <see cref="BulkMaxDocuments"/>.</summary>
    public const int DefaultBulkMaxDocuments = 500;

    /// <summary>Default <see cref="BulkMaxBytes"/>: 5 MiB, well under the 100 MB <c>http.max_content_length</c>.</summary>
    public const int DefaultBulkMaxBytes = 5 * 1024 * 1024;

    /// <summary>Default <see cref="MaxRetries"/>.</summary>
    public const int DefaultMaxRetries = 5;

    /// <summary>Default <see cref="RetryBaseDelay"/>.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Default <see cref="RequestTimeout"/>.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Largest <c>num_candidates</c> Elasticsearch accepts.</summary>
    public const int MaxNumCandidates = 10_000;

    /// <summary>Largest <c>dense_vector</c> dims Elasticsearch accepts.</summary>
    public const int MaxDimensions = 4096;

    /// <summary>
    /// Server address, e.g. <c>https://localhost:9200</c>. Required unless <see cref="CloudId"/> is set. Elasticsearch 9 and
    /// OpenSearch start with TLS and security on: an <c>https</c> address with credentials and, for a self-signed
    /// cluster certificate, <see cref="CertificateFingerprint"/> or <see cref="CertificateAuthorityPath"/>.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// More addresses of nodes of the same cluster besides <see cref="Url"/>: requests are spread over all of them and move
    /// to another when one fails (Elasticsearch only; put OpenSearch nodes behind one address).
    /// </summary>
    public IList<Uri> Nodes { get; set; } = [];

    /// <summary>
    /// Elastic Cloud deployment ID as the console shows it (<c>name:base64</c>), instead of <see cref="Url"/>; needs an
    /// <see cref="ApiKey"/> or <see cref="Username"/> and <see cref="Password"/>. Elasticsearch only.
    /// </summary>
    public string? CloudId { get; set; }

    /// <summary>
    /// SHA-256 fingerprint (hex, colons allowed) of the cluster's CA certificate (or its own), as Elasticsearch prints it at
    /// first start ("HTTP CA certificate SHA-256 fingerprint"): a certificate chain holding it is trusted. Needs https.
    /// </summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>
    /// A PEM or DER file with the CA certificate that signed the cluster's certificate (Elasticsearch's
    /// <c>config/certs/http_ca.crt</c>): chains to it are trusted, and the host name must still match. Needs https.
    /// </summary>
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>
    /// Development only: accept any server certificate, so anyone on the network path can read and change the traffic.
    /// Logged as a warning at start-up; prefer <see cref="CertificateFingerprint"/>.
    /// </summary>
    public bool DangerousAcceptAnyServerCertificate { get; set; }

    /// <summary>How messages name the cluster: its address, its Elastic Cloud deployment, or the application's client.</summary>
    internal string ClusterLabel => Url?.ToString()
        ?? (string.IsNullOrWhiteSpace(CloudId) ? "the cluster of the ElasticsearchClient given" : $"Elastic Cloud deployment '{CloudId.Split(':')[0]}'");

    /// <summary>Compress request bodies (gzip) and accept compressed responses: bulk bodies of float vectors shrink by about half.</summary>
    public bool HttpCompression { get; set; } = true;

    /// <summary>
    /// Name users search by: an alias over the concrete, versioned index <c>{IndexName}-v1</c>. Lower case, no
    /// <c>\ / * ? " &lt; &gt; | , #</c> or spaces, not starting with <c>-</c>, <c>_</c> or <c>+</c>. Required.
    /// </summary>
    public string IndexName { get; set; } = string.Empty;

    /// <summary>Which server type <see cref="Url"/> points at.</summary>
    public SearchEngine Engine { get; set; } = SearchEngine.Elasticsearch;

    /// <summary>Basic-auth user name (with <see cref="Password"/>); leave empty for none or an API key.</summary>
    public string? Username { get; set; }

    /// <summary>Basic-auth password.</summary>
    public string? Password { get; set; }

    /// <summary>Encoded API key (the <c>encoded</c> value Elasticsearch returns); excludes user name and password.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Vector index type used when the index is created.</summary>
    public VectorIndexType VectorIndex { get; set; } = VectorIndexType.Hnsw;

    /// <summary>HNSW neighbours per node (<c>m</c>), 2..512; ignored for <see cref="VectorIndexType.Flat"/>.</summary>
    public int HnswM { get; set; } = DefaultHnswM;

    /// <summary>HNSW build candidates (<c>ef_construction</c>), 1..3200 and ≥ <see cref="HnswM"/>.</summary>
    public int HnswEfConstruction { get; set; } = DefaultHnswEfConstruction;

    /// <summary>
    /// The layout of an index this backend creates: chunked documents as nested passages (one vector per passage,
    /// documents scored by their best passage), or, when false, one vector per document. An existing index's mapping
    /// decides how it is searched and written, whatever this says; <c>EnsureIndexAsync</c> (ingestion) refuses an index of
    /// the other layout with one error. In the one-vector layout a document with several passages is dead-lettered.
    /// </summary>
    public bool NestedPassages { get; set; }

    /// <summary>How hybrid queries are fused.</summary>
    public HybridExecution Hybrid { get; set; } = HybridExecution.Client;

    /// <summary>
    /// Fields of the keyword <c>multi_match</c> (<c>best_fields</c>, tie breaker 0.5, as BEIR runs BM25); null or empty for
    /// <see cref="DefaultKeywordFields"/>. (No default list here: configuration binding appends to a non-empty list.)
    /// </summary>
    public IList<string>? KeywordFields { get; set; }

    /// <summary>Keyword fields used when <see cref="KeywordFields"/> is not set: <c>title</c> and <c>text</c>.</summary>
    public static IReadOnlyList<string> DefaultKeywordFields { get; } = ["title", "text"];

    /// <summary>The keyword fields in use.</summary>
    public IReadOnlyList<string> EffectiveKeywordFields =>
        KeywordFields is { Count: > 0 } fields ? [.. fields] : DefaultKeywordFields;

    /// <summary>Most documents in one bulk request.</summary>
    public int BulkMaxDocuments { get; set; } = DefaultBulkMaxDocuments;

    /// <summary>Most bytes (action and document lines) in one bulk request; a larger single document is sent alone.</summary>
    public int BulkMaxBytes { get; set; } = DefaultBulkMaxBytes;

    /// <summary>Retries of a request or bulk item after 429, 502, 503, 504 or a timeout; 0 disables retrying.</summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>First retry delay; doubles each attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = DefaultRetryBaseDelay;

    /// <summary>Time limit of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>Make written documents visible to search when each <c>UpsertAsync</c> returns (slower; for tests and tools).</summary>
    public bool RefreshAfterWrite { get; set; }

    /// <summary>The concrete index created for <see cref="IndexName"/>.</summary>
    public string VersionedIndexName => IndexName + "-v1";
}
