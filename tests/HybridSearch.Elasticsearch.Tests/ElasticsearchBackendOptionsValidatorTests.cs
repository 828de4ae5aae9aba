using Microsoft.Extensions.Options;

namespace HybridSearch.Elasticsearch.Tests;

public sealed class ElasticsearchBackendOptionsValidatorTests
{
    private static ElasticsearchBackendOptions Valid() => new() { Url = new Uri("http://localhost:9200"), IndexName = "scifact" };

    private static IEnumerable<string> Failures(ElasticsearchBackendOptions options) =>
        new ElasticsearchBackendOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Defaults_with_an_address_and_an_index_name_are_valid()
    {
        Assert.Empty(Failures(Valid()));
    }

    [Theory]
    [InlineData("Url", null)]
    [InlineData("Url", "ftp://host")]
    [InlineData("IndexName", "")]
    [InlineData("IndexName", "SciFact")]
    [InlineData("IndexName", "_private")]
    [InlineData("IndexName", "a,b")]
    public void Bad_address_or_index_name_is_named(string setting, string? value)
    {
        var options = Valid();
        if (setting == "Url")
        {
            options.Url = value is null ? null : new Uri(value);
        }
        else
        {
            options.IndexName = value!;
        }

        Assert.Contains(Failures(options), f => f.Contains("HybridSearch:Elasticsearch:" + setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Each_numeric_setting_out_of_range_is_named()
    {
        var options = Valid();
        options.HnswM = 1;
        options.HnswEfConstruction = 0;
        options.BulkMaxDocuments = 0;
        options.BulkMaxBytes = 10;
        options.MaxRetries = -1;
        options.RetryBaseDelay = TimeSpan.FromSeconds(-1);
        options.RequestTimeout = TimeSpan.Zero;

        var failures = string.Join("\n", Failures(options));

        foreach (var name in new[] { "HnswM", "HnswEfConstruction", "BulkMaxDocuments", "BulkMaxBytes", "MaxRetries", "RetryBaseDelay", "RequestTimeout" })
        {
            Assert.Contains("HybridSearch:Elasticsearch:" + name + " ", failures, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Credentials_must_be_complete_and_not_mixed()
    {
        var halfBasic = Valid();
        halfBasic.Username = "elastic";
        Assert.Contains(Failures(halfBasic), f => f.Contains("Password", StringComparison.Ordinal));

        var mixed = Valid();
        mixed.Username = "elastic";
        mixed.Password = "secret";
        mixed.ApiKey = "abc";
        Assert.Contains(Failures(mixed), f => f.Contains("ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Server_retrievers_are_refused_for_opensearch()
    {
        var options = Valid();
        options.Engine = SearchEngine.OpenSearch;
        options.Hybrid = HybridExecution.ServerRetriever;

        Assert.Contains(Failures(options), f => f.Contains("Hybrid", StringComparison.Ordinal));
    }

    [Fact]
    public void The_factory_refuses_invalid_options_with_every_failure()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ElasticsearchBackend.Create(new ElasticsearchBackendOptions()));

        Assert.Contains(error.Failures, f => f.Contains("Url", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("IndexName", StringComparison.Ordinal));
    }

    public static TheoryData<string, Action<ElasticsearchBackendOptions>> BadConnections => new()
    {
        { "CloudId", o => o.CloudId = "deployment:ZXUtY2VudHJhbC0x" },                         // with Url as well
        { "CloudId", o => { o.Url = null; o.CloudId = "not-a-cloud-id"; o.ApiKey = "k"; } },
        { "CloudId", o => { o.Url = null; o.CloudId = "deployment:ZXUtY2VudHJhbC0x"; } },          // no credentials
        { "CloudId", o => { o.Url = null; o.CloudId = "deployment:ZXUtY2VudHJhbC0x"; o.ApiKey = "k"; o.Engine = SearchEngine.OpenSearch; } },
        { "Nodes", o => o.Nodes = [new Uri("ftp://node-2:9200")] },
        { "Nodes", o => { o.Nodes = [new Uri("http://node-2:9200")]; o.Engine = SearchEngine.OpenSearch; } },
        { "CertificateFingerprint", o => o.CertificateFingerprint = "AB:CD" },
        { "VectorIndex", o => { o.Engine = SearchEngine.OpenSearch; o.VectorIndex = VectorIndexType.Int8Hnsw; } },
        { "CertificateFingerprint", o => o.CertificateFingerprint = new string('a', 64) },          // with plain http
        { "CertificateAuthorityPath", o => { o.Url = new Uri("https://localhost:9200"); o.CertificateAuthorityPath = "/no/such/http_ca.crt"; } },
        { "DangerousAcceptAnyServerCertificate", o =>
            { o.Url = new Uri("https://localhost:9200"); o.CertificateFingerprint = new string('a', 64); o.DangerousAcceptAnyServerCertificate = true; } },
    };

    [Theory]
    [MemberData(nameof(BadConnections))]
    public void A_connection_setting_that_cannot_work_is_named(string setting, Action<ElasticsearchBackendOptions> configure)
    {
        var options = Valid();
        configure(options);

        Assert.Contains(Failures(options), f => f.Contains("HybridSearch:Elasticsearch:" + setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Secured_connections_as_deployed_are_valid()
    {
        Assert.Empty(Failures(new ElasticsearchBackendOptions
        {
            CloudId = "deployment:ZXUtY2VudHJhbC0xLmF3cy5jbG91ZC5lcy5pbyRhYmMkZGVm", ApiKey = "key", IndexName = "docs",
        }));
        Assert.Empty(Failures(new ElasticsearchBackendOptions
        {
            Url = new Uri("https://es-1:9200"), Nodes = [new Uri("https://es-2:9200")], Username = "elastic", Password = "pw",
            CertificateFingerprint = "2d" + string.Concat(Enumerable.Repeat(":ab", 31)), IndexName = "docs",
        }));
    }
}
