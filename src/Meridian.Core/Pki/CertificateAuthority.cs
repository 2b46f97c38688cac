using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Meridian.Core.Planning;

namespace Meridian.Core.Pki;

/// <summary>
/// The cluster CA: a self-signed RSA certificate and its key, able to issue leaf certificates for a
/// <see cref="CertificatePlan"/>. Extensions follow RFC 5280 §4.2 and what strongSwan requires of a CA
/// (docs/lab-notes.md#strongswan-certificates: <c>basicConstraints=critical,CA:TRUE</c>, <c>keyUsage=keyCertSign,cRLSign</c>).
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthOid = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private static readonly Oid ClientAuthOid = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private readonly RSA caKey;

    private CertificateAuthority(X509Certificate2 certificate, RSA key, string certificatePem, string privateKeyPem)
    {
        Certificate = certificate;
        caKey = key;
        CertificatePem = certificatePem;
        PrivateKeyPem = privateKeyPem;
    }

    /// <summary>The CA certificate, without its private key (signing uses the CA key held alongside it).</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    public string PrivateKeyPem { get; }

    /// <summary>Creates a new CA named <paramref name="commonName"/>, taking ownership of <paramref name="key"/>.</summary>
    public static CertificateAuthority Create(string commonName, GeneratedRsaKey key, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        ArgumentNullException.ThrowIfNull(key);

        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var name = subject.Build();

        var request = new CertificateRequest(name, key.Key, PkiPolicy.SignatureHash, RSASignaturePadding.Pkcs1);
        // pathLenConstraint 0: this CA signs leaves only, so a leaf key can never act as an intermediate CA.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(subjectKeyId);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));

        var notBefore = now - PkiPolicy.ClockSkewAllowance;
        var selfSigner = X509SignatureGenerator.CreateForRSA(key.Key, RSASignaturePadding.Pkcs1);
        var certificate = request.Create(name, selfSigner, notBefore, notBefore + PkiPolicy.CaValidity, NewSerialNumber());
        return new CertificateAuthority(certificate, key.Key, certificate.ExportCertificatePem(), key.PrivateKeyPem);
    }

    /// <summary>Loads an existing CA; throws if the key does not belong to the certificate or the certificate is not a CA.</summary>
    public static CertificateAuthority Load(string certificatePem, string privateKeyPem)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
            using var certificateKey = certificate.GetRSAPublicKey()
                ?? throw new InvalidDataException("The CA certificate does not hold an RSA public key.");
            if (!certificateKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new InvalidDataException("The CA private key does not belong to the CA certificate.");
            }

            var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault();
            if (constraints is not { CertificateAuthority: true })
            {
                throw new InvalidDataException("The CA certificate lacks basicConstraints CA:TRUE.");
            }

            return new CertificateAuthority(certificate, key, certificatePem, privateKeyPem);
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>Issues a leaf certificate for <paramref name="plan"/> with <paramref name="leafKey"/>.</summary>
    public IssuedCertificate Issue(CertificatePlan plan, GeneratedRsaKey leafKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(leafKey);

        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(plan.CommonName);
        var request = new CertificateRequest(subject.Build(), leafKey.Key, PkiPolicy.SignatureHash, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        // digitalSignature for (EC)DHE TLS and IKEv2 signatures; keyEncipherment for TLS RSA key transport, which
        // older OpenSSL clients may still negotiate (RFC 5280 §4.2.1.3).
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ExtendedKeyUsages(plan.Usage), critical: false));
        if (SubjectAlternativeNames(plan) is { } subjectAlternativeNames)
        {
            request.CertificateExtensions.Add(subjectAlternativeNames);
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        // A leaf must not outlive its CA: chain validation would fail after the CA expires anyway.
        var notBefore = Max(now - PkiPolicy.ClockSkewAllowance, Certificate.NotBefore);
        var notAfter = Min(now + PkiPolicy.LeafValidity, Certificate.NotAfter);
        var caSigner = X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1);
        using var certificate = request.Create(Certificate.SubjectName, caSigner, notBefore, notAfter, NewSerialNumber());
        return new IssuedCertificate(plan.Name, certificate.ExportCertificatePem(), leafKey.PrivateKeyPem);
    }

    /// <summary>
    /// True if this CA's key signed <paramref name="leaf"/> and both are valid at <paramref name="now"/>; a leaf from a
    /// rotated CA with the same name fails here because the signature no longer verifies.
    /// </summary>
    public bool HasIssued(X509Certificate2 leaf, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(leaf)
            && chain.ChainElements.Count == 2
            && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span);
    }

    public void Dispose()
    {
        caKey.Dispose();
        Certificate.Dispose();
    }

    internal static OidCollection ExtendedKeyUsages(CertificateUsage usage)
    {
        var oids = new OidCollection();
        if (usage.HasFlag(CertificateUsage.ServerAuth))
        {
            oids.Add(ServerAuthOid);
        }

        if (usage.HasFlag(CertificateUsage.ClientAuth))
        {
            oids.Add(ClientAuthOid);
        }

        return oids;
    }

    /// <summary>
    /// Null when the plan names no DNS name or address (the CLI's client certificate): RFC 5280 §4.2.1.6 forbids an
    /// empty subjectAltName.
    /// </summary>
    private static X509Extension? SubjectAlternativeNames(CertificatePlan plan)
    {
        if (plan.DnsNames.IsDefaultOrEmpty && plan.IpAddresses.IsDefaultOrEmpty)
        {
            return null;
        }

        var builder = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in plan.DnsNames.IsDefault ? [] : plan.DnsNames)
        {
            builder.AddDnsName(dnsName);
        }

        foreach (var address in plan.IpAddresses.IsDefault ? [] : plan.IpAddresses)
        {
            builder.AddIpAddress(IPAddress.Parse(address));
        }

        return builder.Build(critical: false);
    }

    /// <summary>
    /// 16 random bytes with the top two bits forced to 01: the value is positive (no 0x00 sign octet needed) and its
    /// first octet is non-zero (so the DER encoding is minimal), leaving 126 random bits — well above the 64 bits the
    /// CA/Browser Forum baseline requires to keep serials unpredictable.
    /// </summary>
    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(PkiPolicy.SerialNumberBytes);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTime b) => a >= b ? a : new DateTimeOffset(b.ToUniversalTime());

    private static DateTimeOffset Min(DateTimeOffset a, DateTime b) => a <= b ? a : new DateTimeOffset(b.ToUniversalTime());
}
