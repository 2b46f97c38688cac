using Meridian.Core.Planning;

namespace Meridian.Core.Hosts;

/// <summary>
/// The Debian packages a host needs for its roles (docs/providers.md, "What is installed where"): the daemons its agent
/// runs, plus the tools the agent and SST scripts call. Nothing else: a router gets no MariaDB, a node no strongSwan.
/// Pure, so both the ssh provider (which installs them) and the aws cloud-init user data (which preinstalls them) read
/// the same list.
/// </summary>
public static class RolePackages
{
    public static IReadOnlyList<string> For(HostPlan host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var packages = new SortedSet<string>(StringComparer.Ordinal) { "iproute2", "openssl", "util-linux" };
        if (host.Is(HostRole.Router))
        {
            // charon with kernel-libipsec (userspace ESP), swanctl to load configs; HAProxy for the region's endpoint.
            packages.UnionWith(["strongswan-charon", "strongswan-swanctl", "libcharon-extra-plugins", "libstrongswan-extra-plugins", "haproxy", "iptables"]);
        }

        if (host.Is(HostRole.GaleraNode))
        {
            // mariabackup SST streams through socat with TLS; rsync stays for the rsync SST method.
            packages.UnionWith(["mariadb-server", "galera-4", "mariadb-backup", "socat", "rsync"]);
        }

        if (host.Is(HostRole.Arbitrator))
        {
            packages.Add("galera-arbitrator-4");
        }

        if (host.Is(HostRole.EtcdMember))
        {
            packages.UnionWith(["etcd-server", "etcd-client"]);
        }

        return [.. packages];
    }
}
