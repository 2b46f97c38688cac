using Meridian.Core.Planning;

namespace Meridian.Core.Hosts;

/// <summary>
/// Where the daemons' programs are and whom they run as. The defaults are Debian's paths and users: etcd as etcd,
/// HAProxy as haproxy (docs/security.md, "Host privileges and secrets"), charon and garbd as root, and mariadbd
/// started by root, dropping to mysql itself (<c>user=mysql</c> in my.cnf).
/// </summary>
public sealed record HostDaemonOptions
{
    public static readonly HostDaemonOptions Default = new();

    /// <summary>strongswan-charon installs the daemon here, off PATH.</summary>
    public string CharonProgram { get; init; } = "/usr/lib/ipsec/charon";

    public string EtcdProgram { get; init; } = "/usr/bin/etcd";

    public string HaproxyProgram { get; init; } = "/usr/sbin/haproxy";

    public string GarbdProgram { get; init; } = "garbd";

    /// <summary>As agent.json's <c>binaries.mariadbd</c> names it.</summary>
    public string MariadbdProgram { get; init; } = "mariadbd";

    /// <summary>Debian's etcd user (etcd-server creates it); null would run etcd as root.</summary>
    public RunAs? EtcdUser { get; init; } = new(DaemonUsers.Etcd);

    /// <summary>Debian's haproxy user (haproxy creates it); null would run HAProxy as root.</summary>
    public RunAs? HaproxyUser { get; init; } = new(DaemonUsers.Haproxy);

    /// <summary>Each daemon binds or opens its socket within a second; the slack is for a busy 2-core box.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
