namespace Meridian.Core.Chaos;

/// <summary>
/// How a random schedule is shaped. By default faults never overlap, and after each one the cluster gets
/// <see cref="MinQuiet"/> to <see cref="MaxQuiet"/> to heal (an IST rejoin over the WAN takes 3–5 s, DPD re-establishes
/// tunnels in about 6 s; see docs/lab-notes.md#isolating-one-region), so that every fault on its own stays survivable.
/// </summary>
public sealed record FaultScheduleOptions(TimeSpan FirstAt, TimeSpan MinFaultDuration, TimeSpan MaxFaultDuration, TimeSpan MinQuiet, TimeSpan MaxQuiet)
{
    public static FaultScheduleOptions Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(25));

    /// <summary>
    /// The fault campaign (bench/chaos-campaign.sh, docs/operations.md "Fault campaign"): at least 50 faults in 10 minutes,
    /// every kind in turn, and one fault in four arriving 1–3 s after the previous one ended, while it is still
    /// recovering (an IST rejoin alone takes 3–5 s).
    /// </summary>
    public static FaultScheduleOptions Campaign { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(10))
    {
        OverlapChance = 0.25,
        EveryKindInTurn = true,
    };

    /// <summary>
    /// The chance (0–1) that a fault follows the previous one after only <see cref="MinOverlapGap"/> to
    /// <see cref="MaxOverlapGap"/>, while the cluster is still recovering; such a fault is marked
    /// <see cref="ScheduledFault.Overlaps"/> and is injected without waiting for the cluster to be healthy. 0 keeps
    /// every fault on its own (and the schedules of earlier versions: no extra random draws are made).
    /// </summary>
    public double OverlapChance { get; init; }

    public TimeSpan MinOverlapGap { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxOverlapGap { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Draw kinds from a shuffled bag instead of independently: every kind appears once before any appears again, so a
    /// run of N × kinds faults covers every kind N times.
    /// </summary>
    public bool EveryKindInTurn { get; init; }
}
