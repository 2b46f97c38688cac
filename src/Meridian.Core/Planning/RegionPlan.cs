using System.Collections.Immutable;
using Meridian.Core.Spec;

namespace Meridian.Core.Planning;

/// <summary>
/// A region as planned: its index (1-based, spec order; WAN addresses, tunnels and ports use it), its effective Galera
/// segment (<see cref="Planner.GaleraSegment"/>: equal to the index only under the derived tuning), router and hosts.
/// Everything that writes or reports gmcast.segment reads <see cref="Segment"/>, never the index.
/// </summary>
public sealed record RegionPlan(
    string Name,
    int Index,
    Ipv4Cidr Cidr,
    int Segment,
    string RouterHost,
    string RouterLanAddress,
    string WanAddress,
    string IkeId,
    ImmutableArray<string> GaleraHosts,
    string? ArbitratorHost,
    string EtcdHost,
    int LocalEndpointPort)
{
    /// <summary>The router's <see cref="WanAddress"/> is an address the network translates to its private one (an EC2 Elastic IP), not one on its interface.</summary>
    public bool WanAddressTranslated { get; init; }
}
