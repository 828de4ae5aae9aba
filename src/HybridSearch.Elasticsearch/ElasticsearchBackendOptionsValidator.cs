using Microsoft.Extensions.Options;

namespace HybridSearch.Elasticsearch;

/// <summary>Checks <see cref="ElasticsearchBackendOptions"/> once at start-up; each failure names its setting.</summary>
public sealed class ElasticsearchBackendOptionsValidator : IValidateOptions<ElasticsearchBackendOptions>
{
    private readonly bool _clientGiven;

    /// <summary>A validator for options the backend connects with itself.</summary>
    public ElasticsearchBackendOptionsValidator()
    {
    }

    // For a backend over an ElasticsearchClient the application made: the client, not these options, connects.
    internal ElasticsearchBackendOptionsValidator(bool clientGiven) => _clientGiven = clientGiven;

    private const string Prefix = "HybridSearch:Elasticsearch:";
    private static readonly System.Buffers.SearchValues<char> ForbiddenIndexCharacters =
        System.Buffers.SearchValues.Create("\\/*?\"<>|,# :");

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ElasticsearchBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (_clientGiven)
        {
            ValidateGivenClient(options, failures);
        }
        else
        {
            ValidateAddress(options, failures);
            ValidateCredentials(options, failures);
            ValidateTls(options, failures);
        }

        ValidateIndexName(options.IndexName, failures);
        if (options.HnswM is < 2 or > 512)
        {
            failures.Add($"{Prefix}HnswM is {options.HnswM}; it must be between 2 and 512.");
        }

        if (options.HnswEfConstruction is < 1 or > 3200 || options.HnswEfConstruction < options.HnswM)
        {
            failures.Add($"{Prefix}HnswEfConstruction is {options.HnswEfConstruction}; it must be between 1 and 3200 and at least HnswM.");
        }

        if (!Enum.IsDefined(options.VectorIndex))
        {
            failures.Add($"{Prefix}VectorIndex '{options.VectorIndex}' is not one of Hnsw, Int8Hnsw, BbqHnsw, Flat.");
        }

        if (options.KeywordFields is { } fields && fields.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Prefix}KeywordFields has an empty entry; list fields such as title, text or content.");
        }

        if (options.BulkMaxDocuments is < 1 or > 100_000)
        {
            failures.Add($"{Prefix}BulkMaxDocuments is {options.BulkMaxDocuments}; it must be between 1 and 100000.");
        }

        if (options.BulkMaxBytes is < 1024 or > 100 * 1024 * 1024)
        {
            failures.Add($"{Prefix}BulkMaxBytes is {options.BulkMaxBytes}; it must be between 1024 and 104857600 (100 MiB).");
        }

        if (options.MaxRetries is < 0 or > 50)
        {
            failures.Add($"{Prefix}MaxRetries is {options.MaxRetries}; it must be between 0 and 50.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}RetryBaseDelay is {options.RetryBaseDelay}; it must be between 0 and 5 minutes.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{Prefix}RequestTimeout is {options.RequestTimeout}; it must be positive and at most one hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure of <paramref name="options"/>.</summary>
    public static void ThrowIfInvalid(ElasticsearchBackendOptions options) => ThrowIfInvalid(options, clientGiven: false);

    internal static void ThrowIfInvalid(ElasticsearchBackendOptions options, bool clientGiven)
    {
        var result = new ElasticsearchBackendOptionsValidator(clientGiven).Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ElasticsearchBackendOptions), result.Failures);
        }
    }

    private static void ValidateIndexName(string? indexName, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(indexName))
        {
            failures.Add($"{Prefix}IndexName is required.");
            return;
        }

        if (!string.Equals(indexName, indexName.ToLowerInvariant(), StringComparison.Ordinal)
            || indexName.AsSpan().IndexOfAny(ForbiddenIndexCharacters) >= 0
            || indexName[0] is '-' or '_' or '+'
            || indexName is "." or ".."
            || System.Text.Encoding.UTF8.GetByteCount(indexName) > 250)
        {
            failures.Add($"{Prefix}IndexName '{indexName}' is not a valid index name: use lower case, no spaces or " +
                         "\\ / * ? \" < > | , # :, not starting with - _ +, at most 250 bytes.");
        }
    }

    private static void ValidateAddress(ElasticsearchBackendOptions options, List<string> failures)
    {
        var hasCloudId = !string.IsNullOrWhiteSpace(options.CloudId);
        if (options.Url is null && !hasCloudId)
        {
            failures.Add($"{Prefix}Url is required (e.g. https://localhost:9200), or {Prefix}CloudId for Elastic Cloud.");
        }
        else if (options.Url is not null && hasCloudId)
        {
            failures.Add($"{Prefix}Url and {Prefix}CloudId both name the cluster; set one of them.");
        }
        else if (options.Url is not null && !IsHttp(options.Url))
        {
            failures.Add($"{Prefix}Url '{options.Url}' must be an absolute http:// or https:// address.");
        }

        if (hasCloudId)
        {
            if (options.Engine == SearchEngine.OpenSearch)
            {
                failures.Add($"{Prefix}CloudId is an Elastic Cloud setting; it does not work with Engine=OpenSearch.");
            }
            else if (!options.CloudId!.Contains(':', StringComparison.Ordinal))
            {
                failures.Add($"{Prefix}CloudId is not an Elastic Cloud ID (\"name:base64\", as the deployment page shows it).");
            }

            if (string.IsNullOrEmpty(options.ApiKey) && string.IsNullOrEmpty(options.Username))
            {
                failures.Add($"{Prefix}CloudId needs {Prefix}ApiKey, or {Prefix}Username and {Prefix}Password.");
            }
        }

        var nodes = options.Nodes ?? [];
        if (nodes.Count > 0 && (options.Engine == SearchEngine.OpenSearch || hasCloudId))
        {
            failures.Add($"{Prefix}Nodes lists more nodes, which only a self-managed Elasticsearch cluster takes here; " +
                         "reach OpenSearch or Elastic Cloud through one address.");
        }

        foreach (var node in nodes)
        {
            if (node is null || !IsHttp(node))
            {
                failures.Add($"{Prefix}Nodes entry '{node}' must be an absolute http:// or https:// address.");
            }
        }
    }

    // The application's client carries address, credentials and TLS; settings of ours for them would be silently unused.
    private static void ValidateGivenClient(ElasticsearchBackendOptions options, List<string> failures)
    {
        if (options.Engine != SearchEngine.Elasticsearch)
        {
            failures.Add($"{Prefix}Engine is {options.Engine}, but an ElasticsearchClient was given; it only talks to Elasticsearch.");
        }

        (bool Set, string Name)[] settings =
        [
            (options.Url is not null, "Url"),
            (!string.IsNullOrWhiteSpace(options.CloudId), "CloudId"),
            (options.Nodes is { Count: > 0 }, "Nodes"),
            (!string.IsNullOrEmpty(options.ApiKey), "ApiKey"),
            (!string.IsNullOrEmpty(options.Username) || !string.IsNullOrEmpty(options.Password), "Username/Password"),
            (!string.IsNullOrWhiteSpace(options.CertificateFingerprint), "CertificateFingerprint"),
            (!string.IsNullOrWhiteSpace(options.CertificateAuthorityPath), "CertificateAuthorityPath"),
            (options.DangerousAcceptAnyServerCertificate, "DangerousAcceptAnyServerCertificate"),
        ];
        var connection = settings.Where(static s => s.Set).Select(static s => s.Name).ToList();
        if (connection.Count > 0)
        {
            failures.Add($"{Prefix}{string.Join(", ", connection)} would be ignored: the ElasticsearchClient given connects with " +
                         "its own settings. Configure the connection on that client, or leave the client out.");
        }
    }

    private static bool IsHttp(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private static void ValidateTls(ElasticsearchBackendOptions options, List<string> failures)
    {
        var fingerprint = !string.IsNullOrWhiteSpace(options.CertificateFingerprint);
        var authority = !string.IsNullOrWhiteSpace(options.CertificateAuthorityPath);
        if ((fingerprint ? 1 : 0) + (authority ? 1 : 0) + (options.DangerousAcceptAnyServerCertificate ? 1 : 0) > 1)
        {
            failures.Add($"{Prefix}CertificateFingerprint, {Prefix}CertificateAuthorityPath and " +
                         $"{Prefix}DangerousAcceptAnyServerCertificate each decide which certificates to trust; set one of them.");
        }

        if ((fingerprint || authority) && options.Url is { } url && url.Scheme == Uri.UriSchemeHttp)
        {
            failures.Add($"{Prefix}{(fingerprint ? "CertificateFingerprint" : "CertificateAuthorityPath")} needs an https:// " +
                         $"{Prefix}Url; '{url}' is plain http, so no certificate is ever checked.");
        }

        if (fingerprint && !ServerCertificates.TryParseFingerprint(options.CertificateFingerprint!, out _))
        {
            failures.Add($"{Prefix}CertificateFingerprint is not a SHA-256 fingerprint: 64 hex digits, colons allowed " +
                         "(as Elasticsearch prints it at first start).");
        }

        if (authority && !File.Exists(options.CertificateAuthorityPath))
        {
            failures.Add($"{Prefix}CertificateAuthorityPath '{options.CertificateAuthorityPath}' does not exist.");
        }
        else if (authority && ServerCertificates.TryLoadAuthority(options.CertificateAuthorityPath!, out _) is { } error)
        {
            failures.Add($"{Prefix}CertificateAuthorityPath '{options.CertificateAuthorityPath}' holds no certificate: {error}");
        }
    }

    private static void ValidateCredentials(ElasticsearchBackendOptions options, List<string> failures)
    {
        var hasUser = !string.IsNullOrEmpty(options.Username);
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (hasUser != hasPassword)
        {
            failures.Add($"{Prefix}Username and {Prefix}Password must be set together.");
        }

        if (!string.IsNullOrEmpty(options.ApiKey) && (hasUser || hasPassword))
        {
            failures.Add($"{Prefix}ApiKey excludes Username and Password; set one or the other.");
        }

        if (options.Engine == SearchEngine.OpenSearch && options.VectorIndex != VectorIndexType.Hnsw)
        {
            // The OpenSearch mapping is Lucene HNSW over float vectors; anything else would be silently built as that.
            failures.Add($"{Prefix}VectorIndex={options.VectorIndex} is not offered with Engine=OpenSearch, whose index is " +
                         "Lucene HNSW over float vectors; use Hnsw.");
        }

        if (options.Engine == SearchEngine.OpenSearch && options.Hybrid == HybridExecution.ServerRetriever)
        {
            failures.Add($"{Prefix}Hybrid=ServerRetriever is not available with Engine=OpenSearch; use Client.");
        }
    }
}
