namespace Meridian.Core.Hosts;

/// <summary>The names <see cref="HostDaemonPlanner"/> gives the daemons; dependencies and snapshots use them.</summary>
public static class DaemonNames
{
    public const string Charon = "charon";
    public const string Haproxy = "haproxy";
    public const string Etcd = "etcd";
    public const string Garbd = "garbd";
    public const string Mariadbd = "mariadbd";
}
