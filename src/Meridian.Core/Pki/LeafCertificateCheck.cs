using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Meridian.Core.Planning;

namespace Meridian.Core.Pki;

/// <summary>
/// Decides whether an existing leaf on disk can be reused for a <see cref="CertificatePlan"/>. Anything that would make a
/// peer reject it, or that the plan no longer asks for, is a reason to re-issue it.
/// </summary>
public static class LeafCertificateCheck
{
    private const string Pkcs1PrivateKeyLabel = "RSA PRIVATE KEY";

    /// <summary>Null if the files can be reused as they are; otherwise why the certificate must be re-issued.</summary>
    public static string? FindReissueReason(
        CertificatePlan plan, string certificatePem, string privateKeyPem, CertificateAuthority authority, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(authority);

        if (!PemEncoding.TryFind(privateKeyPem, out var keyFields) || privateKeyPem[keyFields.Label] is not Pkcs1PrivateKeyLabel)
        {
            return "the private key is not PEM PKCS#1 (RSA PRIVATE KEY)";
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (CryptographicException exception)
        {
            return $"the certificate does not parse ({exception.Message})";
        }

        using (certificate)
        {
            return FindReissueReason(plan, certificate, privateKeyPem, authority, now);
        }
    }

    private static string? FindReissueReason(
        CertificatePlan plan, X509Certificate2 certificate, string privateKeyPem, CertificateAuthority authority, DateTimeOffset now)
    {
        using var publicKey = certificate.GetRSAPublicKey();
        if (publicKey is null || publicKey.KeySize != PkiPolicy.RsaKeySizeBits)
        {
            return $"the key is not RSA-{PkiPolicy.RsaKeySizeBits}";
        }

        using (var privateKey = RSA.Create())
        {
            try
            {
                privateKey.ImportFromPem(privateKeyPem);
            }
            catch (CryptographicException exception)
            {
                return $"the private key does not parse ({exception.Message})";
            }

            if (!privateKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey.ExportSubjectPublicKeyInfo()))
            {
                return "the private key does not belong to the certificate";
            }
        }

        if (!authority.HasIssued(certificate, now))
        {
            return "the current CA did not issue it, or it is not valid now";
        }

        // Renew early, unless the CA itself ends first (the leaf was cut to the CA's lifetime and renewing would not help).
        if (certificate.NotAfter < now + PkiPolicy.RenewalWindow && certificate.NotAfter < authority.Certificate.NotAfter)
        {
            return $"it expires on {certificate.NotAfter:yyyy-MM-dd}";
        }

        if (certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) != plan.CommonName)
        {
            return $"its common name is not {plan.CommonName}";
        }

        var (dnsNames, ipAddresses) = ReadSubjectAlternativeNames(certificate);
        if (!dnsNames.SetEquals(plan.DnsNames.IsDefault ? [] : plan.DnsNames))
        {
            return "its DNS names differ from the plan";
        }

        if (!ipAddresses.SetEquals((plan.IpAddresses.IsDefault ? [] : plan.IpAddresses).Select(IPAddress.Parse)))
        {
            return "its IP addresses differ from the plan";
        }

        var usages = ReadExtendedKeyUsages(certificate);
        var planned = CertificateAuthority.ExtendedKeyUsages(plan.Usage).Cast<Oid>().Select(o => o.Value!);
        if (!usages.SetEquals(planned))
        {
            return "its extended key usage differs from the plan";
        }

        return null;
    }

    /// <summary>The subjectAltName DNS names and IP addresses; both empty when the extension is absent.</summary>
    public static (HashSet<string> DnsNames, HashSet<IPAddress> IpAddresses) ReadSubjectAlternativeNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var dnsNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ipAddresses = new HashSet<IPAddress>();
        // 2.5.29.17 is id-ce-subjectAltName (RFC 5280 §4.2.1.6).
        if (certificate.Extensions["2.5.29.17"] is { } extension)
        {
            var subjectAlternativeNames = extension as X509SubjectAlternativeNameExtension
                ?? new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
            dnsNames.UnionWith(subjectAlternativeNames.EnumerateDnsNames());
            ipAddresses.UnionWith(subjectAlternativeNames.EnumerateIPAddresses());
        }

        return (dnsNames, ipAddresses);
    }

    /// <summary>The extendedKeyUsage OIDs; empty when the extension is absent.</summary>
    public static HashSet<string> ReadExtendedKeyUsages(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var usages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extension in certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>())
        {
            usages.UnionWith(extension.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!));
        }

        return usages;
    }
}
