namespace Meridian.Providers.Ssh;

/// <summary>What a known_hosts file says about the key a host offered (<see cref="KnownHosts.Check"/>).</summary>
public enum HostKeyVerdict
{
    /// <summary>The host is listed with exactly this key.</summary>
    Trusted,

    /// <summary>The host is not listed: trust it only on first use, when the operator asked for that.</summary>
    Unknown,

    /// <summary>The host is listed with another key of this type: a reinstalled host, or someone in the middle.</summary>
    Changed,

    /// <summary>The host is listed, but only with keys of other types; OpenSSH would have asked for one of those.</summary>
    KnownWithOtherKeyType,

    /// <summary>The key is marked @revoked.</summary>
    Revoked,
}
