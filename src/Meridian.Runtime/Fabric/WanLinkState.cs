namespace Meridian.Runtime.Fabric;

/// <summary>
/// An immutable view of one directed WAN link. <see cref="IsCut"/> is true when the link itself is cut or either end's
/// region is isolated; <see cref="QueuedPackets"/> is what is in flight right now.
/// </summary>
public sealed record WanLinkState(
    DirectedRegionPair Link,
    WanLinkSettings Settings,
    bool LinkCut,
    bool EndpointIsolated,
    int QueuedPackets,
    WanLinkCounters Counters)
{
    public bool IsCut => LinkCut || EndpointIsolated;
}
