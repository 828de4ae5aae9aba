using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HybridSearch.Testing;

namespace HybridSearch.Elasticsearch.Tests;

/// <summary>
/// Which server certificates a secured cluster's client trusts: a cluster CA given as a file (chains to it, names still
/// checked), its SHA-256 fingerprint as Elasticsearch prints it (pinned anywhere in the chain), or, for development only,
/// anything. Certificates are made here as Elasticsearch 9 makes its own: a self-signed CA and a node certificate it signed.
/// </summary>
public sealed class ServerCertificatesTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly X509Certificate2 _authority;
    private readonly X509Certificate2 _server;
    private readonly X509Certificate2 _stranger;

    public ServerCertificatesTests()
    {
        _authority = CreateAuthority("CN=Elasticsearch security auto-configuration HTTP CA");
        _server = CreateSigned(_authority, "CN=node-1");
        _stranger = CreateSigned(CreateAuthority("CN=Someone else's CA"), "CN=node-1");
    }

    public void Dispose()
    {
        _authority.Dispose();
        _server.Dispose();
        _stranger.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void By_default_the_operating_system_decides()
    {
        Assert.Null(ServerCertificates.Validator(new ElasticsearchBackendOptions()));
    }

    [Fact]
    public void A_ca_file_trusts_certificates_it_signed_and_nothing_else_and_never_a_wrong_host_name()
    {
        var path = _directory.File("http_ca.crt");
        File.WriteAllText(path, _authority.ExportCertificatePem());
        var validate = ServerCertificates.Validator(new ElasticsearchBackendOptions { CertificateAuthorityPath = path })!;

        Assert.True(validate(this, _server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validate(this, _stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validate(this, _server, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(validate(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.True(validate(this, _stranger, null, SslPolicyErrors.None));
    }

    [Fact]
    public void A_der_ca_file_reads_as_well_as_pem()
    {
        var path = _directory.File("ca.der");
        File.WriteAllBytes(path, _authority.RawData);
        var validate = ServerCertificates.Validator(new ElasticsearchBackendOptions { CertificateAuthorityPath = path })!;

        Assert.True(validate(this, _server, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_fingerprint_pins_the_ca_or_the_server_certificate_in_the_chain_as_elasticsearch_prints_it(bool colons)
    {
        var hex = Convert.ToHexString(SHA256.HashData(_authority.RawData));
        var printed = colons ? string.Join(':', hex.Chunk(2).Select(c => new string(c))) : hex.ToLowerInvariant();
        var validate = ServerCertificates.Validator(new ElasticsearchBackendOptions { CertificateFingerprint = printed })!;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(_server));

        Assert.True(validate(this, _server, chain, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validate(this, _stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));

        var own = ServerCertificates.Validator(new ElasticsearchBackendOptions
        {
            CertificateFingerprint = Convert.ToHexString(SHA256.HashData(_server.RawData)),
        })!;
        Assert.True(own(this, _server, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void The_development_switch_accepts_anything()
    {
        var validate = ServerCertificates.Validator(new ElasticsearchBackendOptions { DangerousAcceptAnyServerCertificate = true })!;

        Assert.True(validate(this, _stranger, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    private static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static X509Certificate2 CreateSigned(X509Certificate2 authority, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var serial = RandomNumberGenerator.GetBytes(8);
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMonths(6), serial);
        return X509CertificateLoader.LoadCertificate(signed.RawData);
    }
}
