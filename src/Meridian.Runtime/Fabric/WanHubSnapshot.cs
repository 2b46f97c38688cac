using System.Collections.Immutable;

namespace Meridian.Runtime.Fabric;

/// <summary>
/// The hub at one instant: every directed link, plus packets that matched no router (not IPv4, or addressed to a WAN
/// address no router has). <see cref="Fault"/> is set if the data path stopped on an unexpected error.
/// </summary>
public sealed record WanHubSnapshot(
    ImmutableArray<WanLinkState> Links,
    long UnroutablePackets,
    bool Running,
    string? Fault)
{
    public WanLinkState this[DirectedRegionPair link] => Links.First(l => l.Link == link);

    public WanLinkState Get(string from, string to) => this[new DirectedRegionPair(from, to)];
}
