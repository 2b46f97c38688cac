namespace Meridian.Providers.Ssh;

/// <summary>What went wrong with one host, in words an operator can act on (docs/providers.md, "Errors").</summary>
public enum SshFailure
{
    /// <summary>No TCP connection: a wrong address, a firewall, or the host is down.</summary>
    Unreachable,

    /// <summary>The host refused the key (or the user).</summary>
    AuthenticationRefused,

    /// <summary>The key file is missing, unreadable, or not a private key.</summary>
    KeyUnusable,

    /// <summary>The host is not in known_hosts and first use was not allowed.</summary>
    HostKeyUnknown,

    /// <summary>known_hosts has another key for this host.</summary>
    HostKeyChanged,

    /// <summary>The connection dropped while Meridian was working on the host.</summary>
    Lost,

    /// <summary>The host is not a supported Debian release.</summary>
    UnsupportedOs,

    /// <summary>The login user is not root and has no passwordless sudo.</summary>
    NoRoot,

    /// <summary>A port Meridian needs is held by another program.</summary>
    PortInUse,

    /// <summary>apt-get failed.</summary>
    PackagesFailed,

    /// <summary>A command Meridian ran on the host failed.</summary>
    CommandFailed,
}
