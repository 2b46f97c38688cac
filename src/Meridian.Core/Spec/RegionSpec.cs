using System.Collections.Immutable;

namespace Meridian.Core.Spec;

/// <summary>
/// One region: a private network with a VPN router, an etcd member and zero or more Galera data nodes.
/// A region with <see cref="Arbitrator"/> runs garbd, which votes in quorum but stores no data.
/// </summary>
public sealed record RegionSpec(string Name, Ipv4Cidr Cidr, int Nodes, bool Arbitrator)
{
    /// <summary>Galera quorum weight of this region: one per data node, one for an arbitrator.</summary>
    public int QuorumWeight => Nodes + (Arbitrator ? 1 : 0);

    /// <summary>Where <c>provider: ssh</c> finds this region's hosts, by short name (<see cref="HostSpec"/>); empty otherwise.</summary>
    public ImmutableArray<HostSpec> Hosts { get; init; } = [];

    /// <summary>Where <c>provider: aws</c> puts this region; null for the other providers.</summary>
    public AwsRegionSpec? Aws { get; init; }

    /// <summary>The spec's entry for the host with this short name, if the spec has one.</summary>
    public HostSpec? Host(string shortName) => Hosts.FirstOrDefault(h => h.ShortName == shortName);

    /// <summary>The short names of the hosts the planner makes in this region, in plan order.</summary>
    public IEnumerable<string> PlannedShortNames()
    {
        yield return HostSpec.RouterShortName;
        for (var n = 1; n <= Nodes; n++)
        {
            yield return HostSpec.NodeShortName(n);
        }

        if (Arbitrator)
        {
            yield return HostSpec.ArbitratorShortName;
        }
    }
}
