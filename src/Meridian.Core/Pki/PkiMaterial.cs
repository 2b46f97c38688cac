using System.Collections.Immutable;

namespace Meridian.Core.Pki;

/// <summary>
/// What the renderers and providers install: the CA certificate and every leaf by name.
/// The CA's private key is deliberately absent; it never leaves the PKI directory.
/// </summary>
public sealed record PkiMaterial(string CaCertificatePem, ImmutableDictionary<string, IssuedCertificate> Certificates);
