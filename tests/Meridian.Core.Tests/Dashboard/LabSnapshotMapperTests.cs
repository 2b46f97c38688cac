using Meridian.Core.Dashboard;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Dashboard.Lab;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Endpoints;
using Meridian.Runtime.Lab;

namespace Meridian.Core.Tests.Dashboard;

public sealed class LabSnapshotMapperTests
{
    private static readonly ClusterPlan Plan = Planner.Plan(ClusterSpec.Default);
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Maps_every_planned_region_node_and_tunnel_with_its_reported_state()
    {
        var nodes = Plan.GaleraNodes.Select((h, i) => new NodeReport(h.Name, h.Region, i + 1, i == 0 ? "Donor/Desynced" : "Synced", "Primary", 3, "uuid", 1000 + i, i != 0, 0.25, At)).ToList();
        var pairs = Plan.Tunnels.Select((t, i) => new LabPairStatus($"{t.InitiatorRegion}~{t.ResponderRegion}", t.Name, Up: true, string.Empty, i == 0 ? null : 66.5, 65, 0, 0.5, Cut: i == 0, null, 0)).ToList();
        var etcd = Plan.EtcdMembers.Select((h, i) => new EtcdMemberHealth(h.Name, $"https://{h.LanAddress}:2379", true, i == 1, 7, null)).ToList();
        var endpoints = Plan.Regions.Select(r => new EndpointForwarderStatus(r.Name, $"127.0.0.1:{r.LocalEndpointPort}", "haproxy", true, 5, 1, 0, 0, 0, null)).ToList();
        var status = new LabStatus(Plan.Cluster, pairs, new DatabaseStatus(etcd, nodes, endpoints, []));

        var snapshot = LabSnapshotMapper.Map(Plan, status, At, []);

        Assert.Equal((Plan.Cluster, "local", At), (snapshot.Cluster, snapshot.Provider, snapshot.TakenAt));
        Assert.Equal(Plan.Regions.Select(r => r.Name), snapshot.Regions.Select(r => r.Name));
        Assert.Equal(Plan.GaleraNodes.Select(h => h.Name), snapshot.AllNodes().Select(n => n.Host));
        var first = snapshot.AllNodes().First();
        Assert.Equal(("Donor/Desynced", true, 1000L, 0.25), (first.State, first.Primary, first.LastCommitted, first.FlowControlPaused));
        Assert.All(snapshot.Regions, r => Assert.Equal(r.Name, Plan.Region(r.Name).Name));
        Assert.All(snapshot.Regions, r => Assert.True(r.Etcd!.Healthy));
        Assert.All(snapshot.Regions, r => Assert.True(r.Endpoint!.Listening));
        Assert.Equal(DashboardTunnelState.Cut, snapshot.Tunnels[0].State);
        Assert.Null(snapshot.Tunnels[0].MeasuredRttMs);
        Assert.Equal((DashboardTunnelState.Up, 66.5, 65.0, 0.5), (snapshot.Tunnels[1].State, snapshot.Tunnels[1].MeasuredRttMs, snapshot.Tunnels[1].ConfiguredRttMs, snapshot.Tunnels[1].LossPercent));
        Assert.Empty(snapshot.Problems);
    }

    [Fact]
    public void Without_a_status_every_host_is_shown_from_the_plan_with_no_report()
    {
        var snapshot = LabSnapshotMapper.Map(Plan, null, At, ["the lab 'demo' is not running"]);

        Assert.Equal(Plan.GaleraNodes.Count(), snapshot.AllNodes().Count());
        Assert.All(snapshot.AllNodes(), n => Assert.Equal((DashboardNode.NoReport, false), (n.State, n.Primary)));
        Assert.All(snapshot.Tunnels, t => Assert.Equal(DashboardTunnelState.Down, t.State));
        Assert.Equal(Plan.Tunnels.Select(t => Plan.Rtt.Get(t.InitiatorRegion, t.ResponderRegion).TotalMilliseconds), snapshot.Tunnels.Select(t => t.ConfiguredRttMs));
        Assert.Equal("the lab 'demo' is not running", Assert.Single(snapshot.Problems));
    }

    [Fact]
    public void The_latest_recovery_epoch_is_mapped_as_meridian_recover_reads_it()
    {
        var latest = new RecoveryRecord(Plan.Cluster, 7, RecoveryRecord.BootstrapKind, "b-db1", "uuid", 1234, Forced: true, "operator", "forced by an operator", At);
        var view = new RecoveryView([], latest, [], null);

        var recovery = LabSnapshotMapper.Recovery(view);

        Assert.Equal(new DashboardRecovery(7, "bootstrap", "b-db1", "forced by an operator", true, "operator", At), recovery);
        Assert.Same(DashboardRecovery.None, LabSnapshotMapper.Recovery(new RecoveryView([], null, [], null)));
        Assert.Equal(recovery, LabSnapshotMapper.Map(Plan, null, At, [], recovery).Recovery);
        Assert.Null(LabSnapshotMapper.Map(Plan, null, At, []).Recovery);
    }
}
