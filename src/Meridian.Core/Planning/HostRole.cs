namespace Meridian.Core.Planning;

/// <summary>What a host does. A host can hold several roles (a node host runs Galera, etcd and an agent).</summary>
[Flags]
public enum HostRole
{
    None = 0,

    /// <summary>The region's VPN router: LAN gateway at .10, strongSwan, WAN address.</summary>
    Router = 1,

    /// <summary>The region's SQL endpoint (HAProxy). Lives on the router host.</summary>
    Endpoint = 2,

    /// <summary>A Galera data node (mariadbd) with its Meridian agent.</summary>
    GaleraNode = 4,

    /// <summary>The region's etcd member.</summary>
    EtcdMember = 8,

    /// <summary>garbd: votes in quorum, stores no data.</summary>
    Arbitrator = 16,
}
