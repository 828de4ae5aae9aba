using System.CommandLine;
using HybridSearch.Elasticsearch;
using HybridSearch.Embedded;
using HybridSearch.Search;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// The index a command works on: <c>--index DIR</c> (the embedded default), or <c>--elasticsearch URL</c> (or
/// <c>--cloud-id ID</c>) with <c>--index-name NAME</c>, as DESIGN.md's command-line contract promises for every command that
/// takes an index. A secured cluster's settings come from flags or, so that secrets stay out of shell history, from the
/// environment variables of the configuration section the worker and DI bind (<c>HybridSearch__Elasticsearch__ApiKey</c>,
/// <c>__Username</c>, <c>__Password</c>, <c>__CloudId</c>, <c>__CertificateFingerprint</c>, <c>__CertificateAuthorityPath</c>);
/// a flag wins over its variable.
/// </summary>
internal sealed class IndexTargetOptions
{
    private const string EnvironmentPrefix = "HybridSearch__Elasticsearch__";

    private IndexTargetOptions(Command command, string indexDescription)
    {
        Index = new Option<string?>("--index") { Description = indexDescription };
        Elasticsearch = new Option<string?>("--elasticsearch")
        {
            Description = "Elasticsearch (or OpenSearch) URL instead of --index, e.g. https://localhost:9200",
        };
        IndexName = new Option<string?>("--index-name") { Description = "Elasticsearch index (alias) name, with --elasticsearch" };
        CloudId = new Option<string?>("--cloud-id") { Description = $"Elastic Cloud ID instead of --elasticsearch [env {EnvironmentPrefix}CloudId]" };
        ApiKey = new Option<string?>("--api-key") { Description = $"Elasticsearch API key (encoded) [env {EnvironmentPrefix}ApiKey]" };
        Username = new Option<string?>("--username") { Description = $"Basic-auth user, with a password [env {EnvironmentPrefix}Username]" };
        Password = new Option<string?>("--password")
        {
            Description = $"Basic-auth password; prefer the environment variable {EnvironmentPrefix}Password",
        };
        Fingerprint = new Option<string?>("--ca-fingerprint")
        {
            Description = $"SHA-256 fingerprint of the cluster's CA, as Elasticsearch prints it [env {EnvironmentPrefix}CertificateFingerprint]",
        };
        CaFile = new Option<string?>("--ca-file")
        {
            Description = $"CA certificate file (e.g. http_ca.crt) [env {EnvironmentPrefix}CertificateAuthorityPath]",
        };
        Engine = new Option<SearchEngine?>("--engine") { Description = "Elasticsearch (default) or OpenSearch" };
        AcceptAnyCertificate = new Option<bool>("--dangerous-accept-any-certificate")
        {
            Description = "Development only: trust any server certificate (anyone on the path can read and change the traffic)",
        };
        foreach (var option in new Option[] { Index, Elasticsearch, IndexName, CloudId, ApiKey, Username, Password, Fingerprint, CaFile, Engine, AcceptAnyCertificate })
        {
            command.Options.Add(option);
        }
    }

    public Option<string?> Index { get; }

    public Option<string?> Elasticsearch { get; }

    public Option<string?> IndexName { get; }

    public Option<string?> CloudId { get; }

    public Option<string?> ApiKey { get; }

    public Option<string?> Username { get; }

    public Option<string?> Password { get; }

    public Option<string?> Fingerprint { get; }

    public Option<string?> CaFile { get; }

    public Option<SearchEngine?> Engine { get; }

    public Option<bool> AcceptAnyCertificate { get; }

    public static IndexTargetOptions AddTo(Command command, string indexDescription) => new(command, indexDescription);

    /// <summary>
    /// The chosen target, validated: an embedded index directory, or the settings of an Elasticsearch cluster and index
    /// (exactly one of the two). The cluster settings are checked by the backend's own validator when it is created.
    /// </summary>
    public (string? Directory, ElasticsearchBackendOptions? Elasticsearch) Resolve(ParseResult result)
    {
        var directory = result.GetValue(Index);
        var urlText = result.GetValue(Elasticsearch);
        Uri? url = null;
        if (urlText is not null && (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            throw new CliException($"--elasticsearch '{urlText}' is not an http(s) URL");
        }

        var cloudId = FlagOrEnvironment(result, CloudId, "CloudId");
        var remote = url is not null || (cloudId is not null && urlText is null && directory is null);
        if (directory is not null == remote)
        {
            throw new CliException("Give either --index DIR or --elasticsearch URL (or --cloud-id ID) with --index-name NAME");
        }

        if (!remote)
        {
            return (directory, null);
        }

        var name = result.GetValue(IndexName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CliException($"{(url is null ? "--cloud-id" : "--elasticsearch")} needs --index-name NAME");
        }

        return (null, new ElasticsearchBackendOptions
        {
            Url = url,
            CloudId = url is null ? cloudId : null,
            IndexName = name,
            Engine = result.GetValue(Engine) ?? SearchEngine.Elasticsearch,
            ApiKey = FlagOrEnvironment(result, ApiKey, "ApiKey"),
            Username = FlagOrEnvironment(result, Username, "Username"),
            Password = FlagOrEnvironment(result, Password, "Password"),
            CertificateFingerprint = FlagOrEnvironment(result, Fingerprint, "CertificateFingerprint"),
            CertificateAuthorityPath = FlagOrEnvironment(result, CaFile, "CertificateAuthorityPath"),
            DangerousAcceptAnyServerCertificate = result.GetValue(AcceptAnyCertificate),
        });
    }

    /// <summary>Opens the chosen existing index for searching; the caller disposes the result.</summary>
    public async Task<OpenedIndex> OpenExistingAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var (directory, elasticsearch) = Resolve(result);
        if (directory is not null)
        {
            var index = await SearchCommand.OpenExistingAsync(directory, cancellationToken);
            return new OpenedIndex(index, directory, index.Chunking, index);
        }

        var backend = ElasticsearchBackend.Create(elasticsearch!);
        return new OpenedIndex(backend, Label(elasticsearch!), null, backend);
    }

    /// <summary>How messages name a cluster index: its address (or cloud deployment) and the index name.</summary>
    public static string Label(ElasticsearchBackendOptions options) =>
        $"{(options.Url?.ToString() ?? "Elastic Cloud " + options.CloudId?.Split(':')[0])} index '{options.IndexName}'";

    private static string? FlagOrEnvironment(ParseResult result, Option<string?> option, string setting) =>
        result.GetValue(option) is { Length: > 0 } value
            ? value
            : Environment.GetEnvironmentVariable(EnvironmentPrefix + setting) is { Length: > 0 } variable ? variable : null;

    /// <summary>An open backend and what disposes it.</summary>
    /// <param name="Backend">The index.</param>
    /// <param name="Label">How messages name it.</param>
    /// <param name="Chunking">Recorded passage settings, where the backend records them.</param>
    /// <param name="Owner">Disposed with this object.</param>
    internal sealed record OpenedIndex(ISearchBackend Backend, string Label, string? Chunking, IDisposable Owner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            if (Owner is IAsyncDisposable asyncDisposable)
            {
                return asyncDisposable.DisposeAsync();
            }

            Owner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
