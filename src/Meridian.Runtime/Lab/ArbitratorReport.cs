namespace Meridian.Runtime.Lab;

/// <summary>
/// One arbitrator (garbd) as `status` shows it: whether the supervisor runs it, and its membership as garbd's own log
/// last reported it (garbd has no agent and no SQL interface; docs/agent.md, "The arbitrator").
/// </summary>
/// <param name="State">"Synced", "Joining", "Open" (connected, no Primary) …, or "waiting"/"stopped" when garbd is not running.</param>
/// <param name="ClusterStatus">"Primary", "non-Primary", or "none" before garbd saw a component.</param>
/// <param name="ClusterSize">Members of the last component garbd saw (0 when not running).</param>
/// <param name="Detail">Why garbd is not running yet, or where its log is.</param>
public sealed record ArbitratorReport(
    string Host,
    string Region,
    int Segment,
    bool Running,
    int? Pid,
    string State,
    string ClusterStatus,
    int ClusterSize,
    string? Detail = null);
