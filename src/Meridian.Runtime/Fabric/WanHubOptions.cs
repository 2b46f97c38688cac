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

    /// <summary>
    /// SCHED_FIFO priority of the data-path thread (1–99), or 0 to keep normal scheduling. On a busy 2-core box a
    /// normal thread woke tens of milliseconds late (measured: 64 ms at load 9), which turns directly into extra WAN
    /// delay. The thread sleeps in ppoll between packets, and the kernel's RT throttling
    /// (<c>sched_rt_runtime_us</c>) still caps it, so it cannot starve the box. Needs root; when refused, the hub falls
    /// back to nice -20 and reports it in <see cref="WanHub.SchedulingNote"/>.
    /// </summary>
    public int RealtimePriority { get; init; } = 10;

    /// <summary>Seed of the loss/jitter generator, so a fault drill can be replayed.</summary>
    public ulong RandomSeed { get; init; } = 0x9E3779B97F4A7C15;
}
