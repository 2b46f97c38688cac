using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Meridian.Runtime.Coordination;

namespace Meridian.Integration.Tests.Etcd;

/// <summary>
/// The coordinator's server certificate check without a network: only the cluster CA counts, the certificate must be
/// for server use, and an IP endpoint must be among the IP SANs. No root needed.
/// </summary>
[Trait("Category", "Etcd")]
public sealed class EtcdServerCertificateValidatorTests : IDisposable
{
    private readonly X509Certificate2 _clusterCa = NewCa("meridian test CA");
    private readonly X509Certificate2 _otherCa = NewCa("some other CA");

    [Fact]
    public void Given_a_server_certificate_from_the_cluster_ca_with_the_endpoint_ip_Then_it_is_accepted_even_though_the_system_store_does_not_know_the_ca()
    {
        using var leaf = NewLeaf(_clusterCa, "192.168.1.20", serverAuth: true);

        var validator = new EtcdServerCertificateValidator([_clusterCa]);

        Assert.True(validator.Validate(leaf, "192.168.1.20", SslPolicyErrors.RemoteCertificateChainErrors), validator.LastRejection);
    }

    [Fact]
    public void Given_an_endpoint_ip_missing_from_the_sans_Then_the_certificate_is_refused()
    {
        using var leaf = NewLeaf(_clusterCa, "192.168.1.20", serverAuth: true);

        var validator = new EtcdServerCertificateValidator([_clusterCa]);

        Assert.False(validator.Validate(leaf, "192.168.2.20", SslPolicyErrors.None));
        Assert.Contains("subjectAltName for 192.168.2.20", validator.LastRejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_certificate_from_another_ca_Then_it_is_refused_even_if_the_platform_found_no_error()
    {
        using var leaf = NewLeaf(_otherCa, "192.168.1.20", serverAuth: true);

        var validator = new EtcdServerCertificateValidator([_clusterCa]);

        Assert.False(validator.Validate(leaf, "192.168.1.20", SslPolicyErrors.None));
        Assert.Contains("does not chain to the cluster CA", validator.LastRejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_client_only_certificate_from_the_cluster_ca_Then_it_does_not_pass_as_a_server()
    {
        using var leaf = NewLeaf(_clusterCa, "192.168.1.20", serverAuth: false);

        var validator = new EtcdServerCertificateValidator([_clusterCa]);

        Assert.False(validator.Validate(leaf, "192.168.1.20", SslPolicyErrors.None));
    }

    public void Dispose()
    {
        _clusterCa.Dispose();
        _otherCa.Dispose();
    }

    private static X509Certificate2 NewCa(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 NewLeaf(X509Certificate2 issuer, string ip, bool serverAuth)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=etcd.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Parse(ip));
        san.AddDnsName("etcd.test");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            serverAuth ? [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")] : [new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(12));
    }
}
