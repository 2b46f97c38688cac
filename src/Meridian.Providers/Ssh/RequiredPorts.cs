using Meridian.Core.Planning;

namespace Meridian.Providers.Ssh;

/// <summary>
/// The ports a host's daemons will listen on, by role (docs/providers.md, "Ports"), and which program Meridian runs
/// there, so a re-run finds them held by its own daemons and passes.
/// </summary>
public static class RequiredPorts
{
    public static IReadOnlyList<RequiredPort> For(HostPlan host, PortPlan ports)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(ports);
        // Every host runs the cluster's agent, which serves its health on the LAN (docs/agent.md).
        var required = new List<RequiredPort> { new("tcp", ports.AgentHttp, "agent health", ["meridian-agent"]) };
        if (host.Is(HostRole.Router))
        {
            // IKE and ESP-in-UDP (NAT-T): https://docs.strongswan.org/docs/latest/howtos/forwarding.html
            required.Add(new("udp", 500, "IKE", ["charon"]));
            required.Add(new("udp", 4500, "IPsec NAT-T", ["charon"]));
            required.Add(new("tcp", ports.Endpoint, "the region's SQL endpoint (HAProxy)", ["haproxy"]));
        }

        if (host.Is(HostRole.GaleraNode))
        {
            required.Add(new("tcp", ports.Mysql, "MariaDB", ["mariadbd"]));
            required.Add(new("tcp", ports.GaleraReplication, "Galera replication", ["mariadbd"]));
            required.Add(new("tcp", ports.GaleraIst, "Galera IST", ["mariadbd"]));
            required.Add(new("tcp", ports.GaleraSst, "Galera SST", ["mariadbd", "socat"]));
        }

        if (host.Is(HostRole.Arbitrator))
        {
            required.Add(new("tcp", ports.GaleraReplication, "Galera replication (garbd)", ["garbd"]));
        }

        if (host.Is(HostRole.EtcdMember))
        {
            required.Add(new("tcp", ports.EtcdClient, "etcd clients", ["etcd"]));
            required.Add(new("tcp", ports.EtcdPeer, "etcd peers", ["etcd"]));
        }

        return required;
    }
}
