namespace Meridian.Runtime.Fabric;

/// <summary>
/// Monotonic counters of one directed WAN link since the hub started. Lateness is how long after its due time a
/// packet was actually written: the hub's own error on top of the configured delay.
/// </summary>
public sealed record WanLinkCounters(
    long ForwardedPackets,
    long ForwardedBytes,
    long DroppedByCut,
    long DroppedByLoss,
    long DroppedByOverflow,
    long DroppedByWriteError,
    TimeSpan MeanLateness,
    TimeSpan MaxLateness)
{
    public long DroppedPackets => DroppedByCut + DroppedByLoss + DroppedByOverflow + DroppedByWriteError;
}
