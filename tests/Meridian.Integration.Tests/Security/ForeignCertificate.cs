using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Meridian.Integration.Tests.Security;

/// <summary>
/// A certificate and key from a CA that is not the cluster's, made in the test with System.Security.Cryptography: it
/// carries the names an attacker would choose (the etcd root user's CN, a member's address) and both TLS usages, so the
/// only thing wrong with it is its issuer. The impersonating overload gives that issuer the subject of a CA the daemon
/// does trust, so a check by name alone would pass and only the signature can tell them apart.
/// </summary>
internal static class ForeignCertificate
{
    /// <summary>Writes DIR/foreign-NAME.crt (leaf then its CA) and DIR/foreign-NAME.key; returns both paths.</summary>
    public static (string Certificate, string Key) Write(string directory, string name, string commonName, params string[] ipAddresses) =>
        Write(directory, name, new X500DistinguishedName($"CN=Foreign CA {name}"), commonName, ipAddresses);

    /// <summary>As above, with a CA named <paramref name="caSubject"/>: usually the subject of the cluster CA it imitates.</summary>
    public static (string Certificate, string Key) Write(string directory, string name, X500DistinguishedName caSubject, string commonName, params string[] ipAddresses)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest(caSubject, caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-10), now.AddDays(2));

        using var leafKey = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(commonName);
        foreach (var address in ipAddresses)
        {
            names.AddIpAddress(System.Net.IPAddress.Parse(address));
        }

        request.CertificateExtensions.Add(names.Build());
        using var leaf = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        var certificatePath = Path.Combine(directory, $"foreign-{name}.crt");
        var keyPath = Path.Combine(directory, $"foreign-{name}.key");
        File.WriteAllText(certificatePath, leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, leafKey.ExportRSAPrivateKeyPem() + "\n");
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (certificatePath, keyPath);
    }
}
