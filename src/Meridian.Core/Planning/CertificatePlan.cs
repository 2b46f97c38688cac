using System.Collections.Immutable;

namespace Meridian.Core.Planning;

/// <summary>
/// A certificate to issue from the CA of <see cref="Domain"/>. <see cref="Name"/> is the file stem in the PKI directory
/// (pki/NAME.crt, pki/NAME.key); <see cref="Host"/> is where it is installed (null for certificates that stay in the
/// PKI directory: the operator's and etcd's root user's).
/// </summary>
public sealed record CertificatePlan(
    string Name,
    string CommonName,
    ImmutableArray<string> DnsNames,
    ImmutableArray<string> IpAddresses,
    CertificateUsage Usage,
    string? Host,
    TrustDomain Domain);
