namespace Meridian.Runtime.Fabric;

/// <summary>
/// The live state of one directed link. Control fields (<see cref="Parameters"/>, <see cref="Cut"/>,
/// <see cref="Epoch"/>) are written by the control API and read by the data path; queue and counter fields are
/// written only by the data-path thread and read by snapshots (64-bit reads are atomic on the 64-bit targets we run).
/// </summary>
internal sealed class WanLink(int fromIndex, int toIndex, DirectedRegionPair pair, WanLinkParameters parameters)
{
    public readonly int FromIndex = fromIndex;
    public readonly int ToIndex = toIndex;
    public readonly DirectedRegionPair Pair = pair;

    public volatile WanLinkParameters Parameters = parameters;
    public volatile bool Cut;

    /// <summary>Bumped by every cut or isolation: a queued packet stamped with an older epoch is dropped when due.</summary>
    public volatile int Epoch;

    // Intrusive FIFO over the packet pool's slots; -1 when empty.
    public int Head = -1;
    public int Tail = -1;
    public int Queued;

    /// <summary>The due time of the last packet queued: jitter may not make a later packet leave earlier.</summary>
    public long LastDue;

    public long ForwardedPackets;
    public long ForwardedBytes;
    public long DroppedByCut;
    public long DroppedByLoss;
    public long DroppedByOverflow;
    public long DroppedByWriteError;
    public long LatenessTicksTotal;
    public long LatenessTicksMax;
}
