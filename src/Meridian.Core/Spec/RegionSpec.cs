namespace Meridian.Core.Spec;

/// <summary>
/// One region: a private network with a VPN router, an etcd member and zero or more Galera data nodes.
/// A region with <see cref="Arbitrator"/> runs garbd, which votes in quorum but stores no data.
/// </summary>
public sealed record RegionSpec(string Name, Ipv4Cidr Cidr, int Nodes, bool Arbitrator)
{
    /// <summary>Galera quorum weight of this region: one per data node, one for an arbitrator.</summary>
    public int QuorumWeight => Nodes + (Arbitrator ? 1 : 0);
}
