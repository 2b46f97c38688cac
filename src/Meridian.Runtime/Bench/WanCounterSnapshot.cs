namespace Meridian.Runtime.Bench;

/// <summary>The WAN hub's counters summed over every directed link at one moment.</summary>
public sealed record WanCounterSnapshot(long Bytes, long Packets, DateTime TakenAtUtc)
{
    public WanCounterSnapshot Since(WanCounterSnapshot earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new WanCounterSnapshot(Bytes - earlier.Bytes, Packets - earlier.Packets, TakenAtUtc);
    }
}
