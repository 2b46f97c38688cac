using System.Collections.Immutable;
using Meridian.Core.Dashboard;
using Meridian.Core.Planning;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Lab;

namespace Meridian.Dashboard.Lab;

/// <summary>
/// The lab's facts (<see cref="LabStatus"/>) as a <see cref="DashboardSnapshot"/>: the plan says what exists, the status
/// what state it is in. Pure. Without a status (the supervisor did not answer) every host is shown from the plan with
/// no report and every tunnel down. <paramref name="recovery"/> is whatever the source last read (null until then).
/// </summary>
public static class LabSnapshotMapper
{
    public static DashboardSnapshot Map(ClusterPlan plan, LabStatus? status, DateTimeOffset takenAt, IEnumerable<string> problems, DashboardRecovery? recovery = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var database = status?.Database;
        var regions = plan.Regions.Select(region =>
        {
            var router = plan.Host(region.RouterHost);
            var nodes = region.GaleraHosts.Select(name => Node(plan.Host(name), region, database?.Nodes.FirstOrDefault(n => n.Node == name))).ToImmutableArray();
            var etcd = database?.Etcd.FirstOrDefault(m => m.Name == region.EtcdHost) is { } member
                ? new DashboardEtcdMember(member.Name, member.Endpoint, member.Healthy, member.IsLeader, member.RaftIndex, member.Error)
                : new DashboardEtcdMember(region.EtcdHost, string.Empty, Healthy: false, Leader: false, 0, "no report");
            var arbitrator = region.ArbitratorHost is { } arbitratorHost
                ? database?.Arbitrators.FirstOrDefault(a => a.Host == arbitratorHost) is { } garbd
                    ? new DashboardArbitrator(garbd.Host, garbd.Running, garbd.State, garbd.ClusterStatus == "Primary", garbd.ClusterStatus, garbd.ClusterSize, garbd.Detail)
                    : new DashboardArbitrator(arbitratorHost, Running: false, DashboardNode.NoReport, Primary: false, "none", 0, null)
                : null;
            var endpoint = database?.Endpoints.FirstOrDefault(e => e.Region == region.Name) is { } forwarder
                ? new DashboardEndpoint(forwarder.Listen, forwarder.Target, forwarder.Listening, forwarder.ConnectionsActive, forwarder.ConnectionsAccepted, forwarder.ConnectionsFailed, forwarder.LastError)
                : null;
            return new DashboardRegion(region.Name, region.Cidr.ToString(), region.Segment, new DashboardRouter(router.Name, region.RouterLanAddress, region.WanAddress), nodes, etcd, arbitrator, endpoint);
        }).ToImmutableArray();

        var tunnels = plan.Tunnels.Select(tunnel =>
        {
            var pair = $"{tunnel.InitiatorRegion}~{tunnel.ResponderRegion}";
            var configured = plan.Rtt.Get(tunnel.InitiatorRegion, tunnel.ResponderRegion).TotalMilliseconds;
            return status?.Pairs.FirstOrDefault(p => p.Pair == pair) is { } seen
                ? new DashboardTunnel(pair, tunnel.InitiatorRegion, tunnel.ResponderRegion, seen.Up, seen.Cut, seen.ConfiguredRttMs, seen.MeasuredRttMs, seen.LossPercent, seen.Detail)
                : new DashboardTunnel(pair, tunnel.InitiatorRegion, tunnel.ResponderRegion, Up: false, Cut: false, configured, null, 0, "no report");
        }).ToImmutableArray();

        return new DashboardSnapshot(plan.Cluster, plan.Provider.ToString().ToLowerInvariant(), takenAt, regions, tunnels, [.. problems], recovery);
    }

    /// <summary>The latest epoch of what `meridian recover` reads (docs/recovery.md), <see cref="DashboardRecovery.None"/> without one.</summary>
    public static DashboardRecovery Recovery(RecoveryView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Latest is { } latest
            ? new DashboardRecovery(latest.Epoch, latest.Kind, latest.Node, latest.Reason, latest.Forced, latest.DecidedBy, latest.DecidedAt)
            : DashboardRecovery.None;
    }

    private static DashboardNode Node(HostPlan host, RegionPlan region, NodeReport? report) => report is null
        ? new DashboardNode(host.Name, region.Name, host.LanAddress, region.Segment, DashboardNode.NoReport, Primary: false, "none", 0, -1, Ready: false, 0, null, null, null, null, "no agent report (agent down, or the database layer not started)")
        : new DashboardNode(host.Name, region.Name, host.LanAddress, report.Segment, report.State, report.ClusterStatus == "Primary", report.ClusterStatus, report.ClusterSize, report.LastCommitted, report.Ready, report.FlowControlPaused, report.SendQueue, report.ReceiveQueue, report.CertificationFailures, report.Heartbeat, report.Detail);
}
