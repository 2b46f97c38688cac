namespace Meridian.Core.Hosts;

/// <summary>
/// Where the daemons' programs are and whom they run as. The defaults are Debian's paths and what the lab's launchers
/// use today: every daemon as root except mariadbd, which drops to mysql itself (<c>user=mysql</c> in my.cnf).
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

    /// <summary>Null runs etcd as root, as today; <c>new RunAs("etcd")</c> runs it as Debian's etcd user.</summary>
    public RunAs? EtcdUser { get; init; }

    /// <summary>Null runs HAProxy as root, as today; <c>new RunAs("haproxy")</c> runs it as Debian's haproxy user.</summary>
    public RunAs? HaproxyUser { get; init; }

    /// <summary>Each daemon binds or opens its socket within a second; the slack is for a busy 2-core box.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
