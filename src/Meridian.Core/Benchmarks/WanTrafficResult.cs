namespace Meridian.Core.Benchmarks;

/// <summary>Bytes the WAN hub forwarded between regions (all links summed) during a write run.</summary>
/// <param name="IdleBytesPerSecond">WAN bytes per second with no client (keepalives, gossip), measured before the run.</param>
public sealed record WanTrafficResult(
    string Label,
    string Configuration,
    int NodesPerRegion,
    bool Segments,
    long Transactions,
    long WanBytes,
    long WanPackets,
    double IdleBytesPerSecond,
    double Seconds)
{
    public double? BytesPerTransaction => Transactions > 0 ? (double)WanBytes / Transactions : null;

    /// <summary>Without the idle chatter, which would otherwise flatter whichever run committed more.</summary>
    public double? NetBytesPerTransaction => Transactions > 0 ? (WanBytes - (IdleBytesPerSecond * Seconds)) / Transactions : null;
}
