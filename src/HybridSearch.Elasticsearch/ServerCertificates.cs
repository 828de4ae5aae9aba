using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HybridSearch.Elasticsearch;

/// <summary>
/// Which server certificates the backend trusts, from <see cref="ElasticsearchBackendOptions"/>; one rule for both
/// engines (the Elasticsearch client's transport and OpenSearch's <see cref="HttpClient"/>). By default the operating
/// system's trust store decides. <see cref="ElasticsearchBackendOptions.CertificateAuthorityPath"/> adds one CA as a
/// trust anchor, host name checks unchanged. <see cref="ElasticsearchBackendOptions.CertificateFingerprint"/> pins a
/// certificate of the chain by its SHA-256 (as Elasticsearch's own clients do with the fingerprint it prints at first
/// start), so the name is not checked. <see cref="ElasticsearchBackendOptions.DangerousAcceptAnyServerCertificate"/>
/// trusts anything.
/// </summary>
internal static class ServerCertificates
{
    /// <summary>
    /// The validation callback the options ask for, or null for the operating system's default.
    /// </summary>
    /// <exception cref="InvalidOperationException">The CA file cannot be read; the message names the setting.</exception>
    public static Func<object, X509Certificate?, X509Chain?, SslPolicyErrors, bool>? Validator(ElasticsearchBackendOptions options)
    {
        if (options.DangerousAcceptAnyServerCertificate)
        {
            return static (_, _, _, _) => true;
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateFingerprint))
        {
            if (!TryParseFingerprint(options.CertificateFingerprint, out var pinned))
            {
                throw new InvalidOperationException(
                    "HybridSearch:Elasticsearch:CertificateFingerprint is not a SHA-256 fingerprint (64 hex digits, colons allowed).");
            }

            return (_, certificate, chain, errors) => errors == SslPolicyErrors.None || ChainHolds(certificate, chain, pinned);
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateAuthorityPath))
        {
            if (TryLoadAuthority(options.CertificateAuthorityPath, out var authority) is { } error)
            {
                throw new InvalidOperationException(
                    $"HybridSearch:Elasticsearch:CertificateAuthorityPath '{options.CertificateAuthorityPath}': {error}");
            }

            return (_, certificate, _, errors) => errors == SslPolicyErrors.None || ChainsTo(certificate, errors, authority!);
        }

        return null;
    }

    /// <summary>Reads a SHA-256 fingerprint written as 64 hex digits, with or without colons or spaces.</summary>
    public static bool TryParseFingerprint(string text, out byte[] fingerprint)
    {
        var hex = text.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        fingerprint = [];
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            return false;
        }

        fingerprint = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>Loads the first certificate of a PEM or DER file; returns why it cannot, or null.</summary>
    public static string? TryLoadAuthority(string path, out X509Certificate2? authority)
    {
        authority = null;
        try
        {
            var text = File.ReadAllText(path);
            authority = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(path);
            return null;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    // The pinned certificate is the server's own, or one the server sent with it (the CA), or one the platform's chain
    // builder found: any of them with this SHA-256 means the cluster is the one whose fingerprint was given.
    private static bool ChainHolds(X509Certificate? certificate, X509Chain? chain, byte[] pinned)
    {
        if (certificate is null)
        {
            return false;
        }

        if (SHA256.HashData(certificate.GetRawCertData()).AsSpan().SequenceEqual(pinned))
        {
            return true;
        }

        if (chain is null)
        {
            return false;
        }

        foreach (var element in chain.ChainElements)
        {
            if (SHA256.HashData(element.Certificate.RawDataMemory.Span).AsSpan().SequenceEqual(pinned))
            {
                return true;
            }
        }

        return false;
    }

    // Rebuilds the chain with the given CA as the only trust anchor; a name mismatch or a missing certificate is never
    // forgiven, only the platform's "untrusted root".
    private static bool ChainsTo(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        return chain.Build(server);
    }
}
