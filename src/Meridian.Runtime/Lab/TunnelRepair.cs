namespace Meridian.Runtime.Lab;

/// <summary>
/// One repair the data-path watchdog made on a tunnel, as the supervisor log and `meridian status` show it
/// (docs/vpn.md, "Data-path watchdog"). <see cref="Region"/> is the router acted on: the initiator for a CHILD_SA
/// re-initiation, the restarted end for a charon restart. <see cref="TrafficBackAt"/> is set when a later probe was
/// answered again.
/// </summary>
public sealed record TunnelRepair(
    DateTimeOffset At,
    string Action,
    string Region,
    string Reason,
    bool Succeeded,
    string Detail,
    DateTimeOffset? TrafficBackAt = null)
{
    public const string ReinitiateChild = "re-initiate child";
    public const string RestartCharon = "restart charon";
}
