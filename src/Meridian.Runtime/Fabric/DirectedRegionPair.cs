namespace Meridian.Runtime.Fabric;

/// <summary>One direction of a WAN link: packets sent by <see cref="From"/>'s router to <see cref="To"/>'s. Written "from→to".</summary>
public readonly record struct DirectedRegionPair(string From, string To)
{
    public DirectedRegionPair Reverse => new(To, From);

    public override string ToString() => $"{From}→{To}";
}
