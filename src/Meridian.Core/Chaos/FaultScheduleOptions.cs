namespace Meridian.Core.Chaos;

/// <summary>
/// How a random schedule is shaped. Faults never overlap, and after each one the cluster gets <see cref="MinQuiet"/> to
/// <see cref="MaxQuiet"/> to heal (an IST rejoin over the WAN takes 3–5 s, DPD re-establishes tunnels in about 6 s; see
/// LAB-NOTES "Isolating one region"), so that every fault on its own stays survivable.
/// </summary>
public sealed record FaultScheduleOptions(TimeSpan FirstAt, TimeSpan MinFaultDuration, TimeSpan MaxFaultDuration, TimeSpan MinQuiet, TimeSpan MaxQuiet)
{
    public static FaultScheduleOptions Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(25));
}
