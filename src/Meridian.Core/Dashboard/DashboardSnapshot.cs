using System.Collections.Immutable;

namespace Meridian.Core.Dashboard;

/// <summary>
/// Everything the dashboard shows at one instant, as a provider's <see cref="IDashboardSource"/> read it: the regions
/// with what runs in them, every tunnel between two regions, and the problems that kept a fact from being read
/// (docs/dashboard.md). Immutable: the timeline is a pure function of two snapshots (<see cref="DashboardTimeline"/>).
/// </summary>
/// <param name="Provider">"local", "ssh" or "aws": the page offers lab controls for "local" only.</param>
/// <param name="Problems">What could not be read, with what to do (e.g. the lab supervisor is not running).</param>
/// <param name="Recovery">The latest recovery epoch, null until the source read it once (it reads it in the background).</param>
public sealed record DashboardSnapshot(
    string Cluster,
    string Provider,
    DateTimeOffset TakenAt,
    ImmutableArray<DashboardRegion> Regions,
    ImmutableArray<DashboardTunnel> Tunnels,
    ImmutableArray<string> Problems,
    DashboardRecovery? Recovery = null)
{
    /// <summary>Every Galera data node of every region, in region order.</summary>
    public IEnumerable<DashboardNode> AllNodes() => Regions.SelectMany(r => r.Nodes);
}

/// <summary>One region: its router, its Galera data nodes, and its etcd member, arbitrator and endpoint when it has them.</summary>
public sealed record DashboardRegion(
    string Name,
    string Cidr,
    int Segment,
    DashboardRouter Router,
    ImmutableArray<DashboardNode> Nodes,
    DashboardEtcdMember? Etcd,
    DashboardArbitrator? Arbitrator,
    DashboardEndpoint? Endpoint);

/// <summary>The region's VPN router: its LAN gateway address and its WAN address.</summary>
public sealed record DashboardRouter(string Host, string LanAddress, string? WanAddress);

/// <summary>
/// One Galera data node as its agent last reported it. <see cref="State"/> is wsrep_local_state_comment ("Synced",
/// "Donor/Desynced", "Joining" …) or <see cref="NoReport"/> when no agent reported; the queues and certification failures
/// are null when the agent's report has none (an agent that predates them, or mariadbd not answering).
/// </summary>
/// <param name="FlowControlPaused">wsrep_flow_control_paused: the fraction of time replication was paused, 0 to 1.</param>
public sealed record DashboardNode(
    string Host,
    string Region,
    string LanAddress,
    int Segment,
    string State,
    bool Primary,
    string ClusterStatus,
    int ClusterSize,
    long LastCommitted,
    bool Ready,
    double FlowControlPaused,
    long? SendQueue,
    long? ReceiveQueue,
    long? CertificationFailures,
    DateTimeOffset? Heartbeat,
    string? Detail)
{
    /// <summary>The state of a node whose agent reported nothing (agent down, or the database layer not started).</summary>
    public const string NoReport = "no report";
}

/// <summary>The region's etcd member and its health as the operator's client saw it.</summary>
public sealed record DashboardEtcdMember(string Name, string Endpoint, bool Healthy, bool Leader, long RaftIndex, string? Error);

/// <summary>The region's garbd: whether it runs, and its membership as its log last reported it.</summary>
public sealed record DashboardArbitrator(string Host, bool Running, string State, bool Primary, string ClusterStatus, int ClusterSize, string? Detail);

/// <summary>The region's SQL endpoint: where operators connect, where it forwards, and its connection counters.</summary>
public sealed record DashboardEndpoint(string Listen, string Target, bool Listening, long ConnectionsActive, long ConnectionsAccepted, long ConnectionsFailed, string? LastError);

/// <summary>
/// The tunnel between two regions. <see cref="State"/> is <see cref="DashboardTunnelState.Cut"/> when the WAN link is cut
/// (by `wan cut` or `wan isolate`) whatever IKE says yet, else up or down as IKE reports it.
/// </summary>
/// <param name="Pair">"A~B", the regions in plan order.</param>
/// <param name="MeasuredRttMs">The RTT of pings through the tunnel, null when none came back (or none was measured yet).</param>
public sealed record DashboardTunnel(
    string Pair,
    string RegionA,
    string RegionB,
    bool Up,
    bool Cut,
    double ConfiguredRttMs,
    double? MeasuredRttMs,
    double LossPercent,
    string Detail)
{
    public DashboardTunnelState State => Cut ? DashboardTunnelState.Cut : Up ? DashboardTunnelState.Up : DashboardTunnelState.Down;
}

/// <summary>What the page colours a tunnel by: up green, down and cut red.</summary>
public enum DashboardTunnelState
{
    Up,
    Down,
    Cut,
}
