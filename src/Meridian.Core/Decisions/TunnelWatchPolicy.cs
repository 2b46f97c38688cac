namespace Meridian.Core.Decisions;

/// <summary>
/// The data-path watchdog's timings (docs/vpn.md, "Data-path watchdog").
/// </summary>
/// <param name="ProbeInterval">How often each tunnel is probed.</param>
/// <param name="SilentThreshold">
/// How long a tunnel whose SAs are up may pass nothing before it is repaired: more than two probes, so one lost probe
/// (WAN loss, a busy box) never triggers a repair, yet short enough that a node cut off by a silent tunnel is back in
/// seconds rather than minutes.
/// </param>
/// <param name="RepairSettle">How long after a repair the next, stronger step waits: a CHILD_SA comes up in two WAN round trips, a charon restart in under 1 s (docs/vpn.md).</param>
/// <param name="RoundBackoff">After the whole ladder failed, how long before it starts again, so a data path that no repair cures is not churned every few seconds.</param>
public sealed record TunnelWatchPolicy(TimeSpan ProbeInterval, TimeSpan SilentThreshold, TimeSpan RepairSettle, TimeSpan RoundBackoff)
{
    public static readonly TunnelWatchPolicy Default = new(
        TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(4),
        TimeSpan.FromSeconds(30));
}
