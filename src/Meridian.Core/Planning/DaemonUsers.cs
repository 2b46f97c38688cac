namespace Meridian.Core.Planning;

/// <summary>
/// The system users (each with a group of the same name) that Debian's packages create and that the daemons run as:
/// mariadb-server's <c>mysql</c>, etcd-server's <c>etcd</c>, haproxy's <c>haproxy</c> (docs/security.md, "Which process
/// runs as which user").
/// </summary>
public static class DaemonUsers
{
    public const string Mysql = "mysql";
    public const string Etcd = "etcd";
    public const string Haproxy = "haproxy";
}
