using System.Security.Cryptography;

namespace Meridian.Core.Pki;

/// <summary>A freshly generated RSA key and its PKCS#1 PEM. The owner disposes <see cref="Key"/>.</summary>
public sealed record GeneratedRsaKey(RSA Key, string PrivateKeyPem);
