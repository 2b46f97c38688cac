using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Meridian.Runtime.Coordination;

/// <summary>
/// Accepts an etcd server certificate only if it chains to the cluster CA (the system trust store plays no part) and
/// names the endpoint's address in its subjectAltName. The planner issues etcd certificates with IP SANs for the
/// member's LAN address and 127.0.0.1 (https://etcd.io/docs/v3.4/op-guide/security/#basic-setup), so an IP endpoint is
/// matched against the IP SANs, never the common name.
/// </summary>
internal sealed class EtcdServerCertificateValidator
{
    /// <summary>id-kp-serverAuth (RFC 5280 4.2.1.12): a client-only certificate from the same CA must not pass as a server.</summary>
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private readonly X509Certificate2Collection _trustedRoots;

    public EtcdServerCertificateValidator(X509Certificate2Collection trustedRoots)
    {
        _trustedRoots = trustedRoots;
    }

    /// <summary>Why the last certificate was refused, for the error message (the TLS layer reports only "validation failed").</summary>
    public string? LastRejection { get; private set; }

    /// <param name="expectedHost">The endpoint's host: an IP literal or a DNS name, as in the client URL.</param>
    public bool Validate(X509Certificate? certificate, string expectedHost, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Reject("the server sent no certificate");
        }

        // The platform's own verdict (RemoteCertificateChainErrors against the system store) is ignored on purpose: the
        // chain is rebuilt against the cluster CA alone, and the name is checked below.
        using var owned = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var leaf = owned ?? (X509Certificate2)certificate;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustedRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // The lab CA publishes no CRL or OCSP responder.
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (!chain.Build(leaf))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()));
            return Reject($"{leaf.Subject} does not chain to the cluster CA for server use ({status})");
        }

        // MatchesHostname compares an IP literal with the iPAddress SANs only, and a DNS name with the dNSName SANs.
        if (!leaf.MatchesHostname(expectedHost, allowWildcards: false, allowCommonName: false))
        {
            return Reject($"{leaf.Subject} has no subjectAltName for {expectedHost}");
        }

        LastRejection = null;
        return true;
    }

    private bool Reject(string reason)
    {
        LastRejection = reason;
        return false;
    }
}
