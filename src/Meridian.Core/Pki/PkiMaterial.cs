using System.Collections.Immutable;
using Meridian.Core.Planning;

namespace Meridian.Core.Pki;

/// <summary>
/// What the renderers and providers install: each trust domain's CA certificate by CA name
/// (<see cref="PkiNames.CaName"/>) and every leaf by name. The CAs' private keys are deliberately absent; they never leave
/// the PKI directory.
/// </summary>
public sealed record PkiMaterial(ImmutableDictionary<string, string> CaCertificates, ImmutableDictionary<string, IssuedCertificate> Certificates)
{
    public string CaCertificatePem(TrustDomain domain) => CaCertificates[PkiNames.CaName(domain)];
}
