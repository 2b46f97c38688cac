namespace Meridian.Core.Hosts;

/// <summary>
/// One daemon's state at one moment, immutable (an Aspire-style resource snapshot). A status API reads these; the
/// runner replaces them, it never changes one.
/// </summary>
/// <param name="Pid">The daemon's own PID while a process of it exists (every launch chain execs, never forks).</param>
/// <param name="StartTicks">The process's start time from /proc/PID/stat, which makes the PID safe against reuse.</param>
/// <param name="Restarts">Starts after the first one.</param>
/// <param name="LastExit">How its previous process ended.</param>
/// <param name="Reason">Why it is in this state: what it waits for, why it failed, when it restarts.</param>
/// <param name="Since">When it entered this state.</param>
public sealed record DaemonSnapshot(
    string Name,
    DaemonState State,
    int? Pid,
    long? StartTicks,
    int Restarts,
    DaemonExit? LastExit,
    string? Reason,
    DateTimeOffset Since)
{
    public static DaemonSnapshot Initial(string name, DateTimeOffset now) => new(name, DaemonState.Pending, null, null, 0, null, null, now);

    public override string ToString() =>
        $"{Name}: {State}{(Pid is { } pid ? $" (PID {pid})" : string.Empty)}{(Restarts > 0 ? $", {Restarts} restarts" : string.Empty)}{(Reason is null ? string.Empty : $": {Reason}")}";
}
