namespace Meridian.Runtime.Fabric;

/// <summary>Sizing of the hub's preallocated packet pool.</summary>
public sealed record WanHubOptions
{
    /// <summary>
    /// Packets that can be in flight at once, over all links. 32768 covers 100k packets/s (the hub's measured
    /// capacity) at a 300 ms one-way delay; when the pool is empty, new packets are dropped and counted.
    /// </summary>
    public int PacketSlots { get; init; } = 32768;

    /// <summary>Bytes per slot. wan0 keeps the default MTU of 1500, so 2048 always holds a whole packet.</summary>
    public int SlotSize { get; init; } = 2048;

    /// <summary>Seed of the loss/jitter generator, so a fault drill can be replayed.</summary>
    public ulong RandomSeed { get; init; } = 0x9E3779B97F4A7C15;
}
