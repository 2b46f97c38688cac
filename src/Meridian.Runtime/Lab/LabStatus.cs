namespace Meridian.Runtime.Lab;

/// <summary>A lab as <see cref="LabStatusReader"/> read it: each region pair, and the database layer.</summary>
public sealed record LabStatus(string Cluster, IReadOnlyList<LabPairStatus> Pairs, DatabaseStatus Database);

/// <summary>
/// One region pair: its tunnel's state (swanctl), the RTT measured through it, the WAN link's settings, whether the link
/// is cut (or its region isolated), and the data-path watchdog's last repair (docs/vpn.md, "Data-path watchdog").
/// </summary>
/// <param name="Pair">"A~B": the tunnel's initiator and responder regions.</param>
public sealed record LabPairStatus(string Pair, string Tunnel, bool Up, string Detail, double? MeasuredRttMs, double ConfiguredRttMs, double JitterMs, double LossPercent, bool Cut, TunnelRepair? LastRepair, int Repairs);
