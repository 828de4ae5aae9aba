using System.CommandLine;
using HybridSearch.Cli.Commands;
using HybridSearch.Elasticsearch;

namespace HybridSearch.Cli.Tests.Commands;

/// <summary>
/// How a command names its index: a directory, or a cluster with the settings a secured one needs, from flags or from the
/// environment variables the worker and DI bind (so secrets stay out of shell history).
/// </summary>
[Collection("Process environment")] // sets process-wide environment variables
public sealed class IndexTargetOptionsTests
{
    private static (string? Directory, ElasticsearchBackendOptions? Elasticsearch) Resolve(params string[] args)
    {
        var command = new Command("search");
        var target = IndexTargetOptions.AddTo(command, "index");
        return target.Resolve(command.Parse(args));
    }

    [Fact]
    public void A_secured_cluster_is_reached_with_the_flags_given()
    {
        var (directory, options) = Resolve(
            "--elasticsearch", "https://es-1:9200", "--index-name", "docs", "--api-key", "a2V5", "--ca-fingerprint", "AB:CD", "--engine", "OpenSearch");

        Assert.Null(directory);
        Assert.Equal(new Uri("https://es-1:9200"), options!.Url);
        Assert.Equal("docs", options.IndexName);
        Assert.Equal("a2V5", options.ApiKey);
        Assert.Equal("AB:CD", options.CertificateFingerprint);
        Assert.Equal(SearchEngine.OpenSearch, options.Engine);
        Assert.False(options.DangerousAcceptAnyServerCertificate);
    }

    [Fact]
    public void Secrets_come_from_the_configuration_sections_environment_variables_and_a_flag_wins_over_its_variable()
    {
        using var password = new EnvironmentVariable("HybridSearch__Elasticsearch__Password", "from-env");
        using var user = new EnvironmentVariable("HybridSearch__Elasticsearch__Username", "env-user");
        using var ca = new EnvironmentVariable("HybridSearch__Elasticsearch__CertificateAuthorityPath", "/certs/http_ca.crt");

        var (_, options) = Resolve("--elasticsearch", "https://es:9200", "--index-name", "docs", "--username", "elastic");

        Assert.Equal("elastic", options!.Username);
        Assert.Equal("from-env", options.Password);
        Assert.Equal("/certs/http_ca.crt", options.CertificateAuthorityPath);
    }

    [Fact]
    public void An_elastic_cloud_id_stands_in_for_the_url()
    {
        using var cloud = new EnvironmentVariable("HybridSearch__Elasticsearch__CloudId", "deployment:ZXUtY2VudHJhbC0x");

        var (_, options) = Resolve("--index-name", "docs", "--api-key", "a2V5");

        Assert.Null(options!.Url);
        Assert.Equal("deployment:ZXUtY2VudHJhbC0x", options.CloudId);
        Assert.Equal("Elastic Cloud deployment index 'docs'", IndexTargetOptions.Label(options));
    }

    [Theory]
    [InlineData("--index-name", "docs")]
    [InlineData("--index", "/tmp/x", "--elasticsearch", "http://es:9200", "--index-name", "docs")]
    [InlineData("--elasticsearch", "http://es:9200")]
    [InlineData("--elasticsearch", "es:9200", "--index-name", "docs")]
    public void A_target_that_is_missing_ambiguous_or_malformed_is_one_error(params string[] args)
    {
        Assert.Throws<CliException>(() => Resolve(args));
    }

    private sealed class EnvironmentVariable : IDisposable
    {
        private readonly string _name;
        private readonly string? _previous;

        public EnvironmentVariable(string name, string value)
        {
            _name = name;
            _previous = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
    }
}
