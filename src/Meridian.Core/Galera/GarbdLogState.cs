namespace Meridian.Core.Galera;

/// <summary>
/// What garbd's own log last said about its membership (<see cref="GarbdLog"/>): its group-communication state and the
/// last component it saw. garbd has no SQL interface, so its log is the only place it reports this (docs/agent.md, "The
/// arbitrator").
/// </summary>
/// <param name="State">"Synced", "Joined", "Joining", "Donor/Desynced", "Open" (connected, no Primary) or "Closed"; empty if never logged.</param>
/// <param name="Primary">Whether the last component was a Primary one; null if no component was logged yet.</param>
/// <param name="Members">Members of the last component (wsrep_cluster_size as the nodes see it), or 0.</param>
public sealed record GarbdLogState(string State, bool? Primary, int Members)
{
    public static readonly GarbdLogState Unknown = new(string.Empty, null, 0);

    public bool IsSyncedInPrimary => State == "Synced" && Primary == true;
}
