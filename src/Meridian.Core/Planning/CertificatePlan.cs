using System.Collections.Immutable;

namespace Meridian.Core.Planning;

/// <summary>
/// A certificate to issue from the cluster CA. <see cref="Name"/> is the file stem in the PKI directory
/// (pki/NAME.crt, pki/NAME.key); <see cref="Host"/> is where it is installed (null for the CLI's client certificate).
/// </summary>
public sealed record CertificatePlan(
    string Name,
    string CommonName,
    ImmutableArray<string> DnsNames,
    ImmutableArray<string> IpAddresses,
    CertificateUsage Usage,
    string? Host);
