using System.Security.Cryptography;

namespace Meridian.Core.Pki;

/// <summary>The fixed choices behind every key and certificate Meridian issues.</summary>
public static class PkiPolicy
{
    /// <summary>
    /// RSA, because the strongSwan build here has no openssl plugin and so no ECDSA (docs/lab-notes.md#algorithms).
    /// 3072 bits is the NIST SP 800-57 Part 1 size for 128-bit security past 2030.
    /// </summary>
    public const int RsaKeySizeBits = 3072;

    public static readonly TimeSpan CaValidity = TimeSpan.FromDays(3652);

    public static readonly TimeSpan LeafValidity = TimeSpan.FromDays(730);

    /// <summary>notBefore lies this far in the past, so that a peer whose clock runs a little behind accepts a new certificate.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>A reused leaf that expires within this window is re-issued instead.</summary>
    public static readonly TimeSpan RenewalWindow = TimeSpan.FromDays(30);

    /// <summary>
    /// Serial numbers are 16 random bytes. RFC 5280 §4.1.2.2 requires a positive INTEGER of at most 20 octets, and
    /// DER requires the minimal encoding; see <see cref="CertificateAuthority"/> for how both are kept.
    /// </summary>
    public const int SerialNumberBytes = 16;

    public static readonly HashAlgorithmName SignatureHash = HashAlgorithmName.SHA256;
}
