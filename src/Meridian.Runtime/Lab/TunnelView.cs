namespace Meridian.Runtime.Lab;

/// <summary>
/// One planned tunnel as `status` shows it, with the data-path watchdog's last repair and the number of repairs since
/// the supervisor started (docs/vpn.md, "Data-path watchdog").
/// </summary>
public sealed record TunnelView(string Name, string Initiator, string Responder, bool Up, string Detail, TunnelRepair? LastRepair = null, int Repairs = 0);
