namespace Meridian.Core.Chaos;

/// <summary>
/// What became of one <see cref="ScheduledFault"/> when it was played: when it was injected (the signal or the WAN cut),
/// when a timed fault was undone (SIGCONT, heal, rejoin), or why it was not injected (skipped or failed).
/// </summary>
/// <param name="Index">Its position in the schedule, from 0.</param>
public sealed record InjectedFault(int Index, ScheduledFault Planned, DateTimeOffset? InjectedAt, DateTimeOffset? HealedAt, string? NotInjectedBecause)
{
    public bool Injected => InjectedAt is not null;

    /// <summary>From when recovery is timed: the heal for a timed fault (if it was undone), else the injection.</summary>
    public DateTimeOffset? RecoveryStart => HealedAt ?? InjectedAt;
}
