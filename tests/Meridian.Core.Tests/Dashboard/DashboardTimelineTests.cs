using Meridian.Core.Dashboard;
using static Meridian.Core.Tests.Dashboard.DashboardSnapshots;

namespace Meridian.Core.Tests.Dashboard;

public sealed class DashboardTimelineTests
{
    private static readonly DateTimeOffset T1 = T0.AddSeconds(1);

    public static TheoryData<string, DashboardTunnel, DashboardTunnel, DashboardEventKind[]> TunnelCases() => new()
    {
        { "unchanged", Tunnel(), Tunnel(measured: 12), [] },
        { "cut while IKE still up", Tunnel(), Tunnel(cut: true), [DashboardEventKind.TunnelCut] },
        { "cut and down at once", Tunnel(), Tunnel(up: false, cut: true), [DashboardEventKind.TunnelCut, DashboardEventKind.TunnelDown] },
        { "went down uncut", Tunnel(), Tunnel(up: false, measured: null), [DashboardEventKind.TunnelDown] },
        { "healed, still down", Tunnel(up: false, cut: true), Tunnel(up: false), [DashboardEventKind.TunnelHealed] },
        { "healed and up", Tunnel(up: false, cut: true), Tunnel(), [DashboardEventKind.TunnelHealed, DashboardEventKind.TunnelUp] },
        { "came up", Tunnel(up: false), Tunnel(), [DashboardEventKind.TunnelUp] },
    };

    [Theory]
    [MemberData(nameof(TunnelCases))]
    public void Tunnel_changes_become_events(string name, DashboardTunnel before, DashboardTunnel after, DashboardEventKind[] expected)
    {
        var events = DashboardTimeline.Between(Snapshot(T0, [], [before]), Snapshot(T1, [], [after]));

        Assert.True(expected.SequenceEqual(events.Select(e => e.Kind)), $"{name}: got {string.Join(", ", events.Select(e => e.Kind))}");
        Assert.All(events, e => Assert.Equal(("a~b", T1), (e.Subject, e.At)));
    }

    public static TheoryData<string, DashboardNode, DashboardNode, DashboardEventKind[]> NodeCases() => new()
    {
        { "unchanged but committing", Node("a-db1", "a"), Node("a-db1", "a", seqno: 500), [] },
        { "desynced as donor", Node("a-db1", "a"), Node("a-db1", "a", state: "Donor/Desynced"), [DashboardEventKind.NodeStateChanged] },
        { "lost its peers", Node("a-db1", "a"), Node("a-db1", "a", state: "Initialized", primary: false), [DashboardEventKind.NodeStateChanged, DashboardEventKind.NodeLeftPrimary] },
        { "non-Primary, same state", Node("a-db1", "a"), Node("a-db1", "a", primary: false), [DashboardEventKind.NodeLeftPrimary] },
        { "agent stopped reporting", Node("a-db1", "a"), Node("a-db1", "a", state: DashboardNode.NoReport, primary: false), [DashboardEventKind.NodeStateChanged, DashboardEventKind.NodeLeftPrimary] },
        { "rejoined", Node("a-db1", "a", state: "Joining", primary: false), Node("a-db1", "a"), [DashboardEventKind.NodeStateChanged, DashboardEventKind.NodeJoinedPrimary] },
    };

    [Theory]
    [MemberData(nameof(NodeCases))]
    public void Node_changes_become_events(string name, DashboardNode before, DashboardNode after, DashboardEventKind[] expected)
    {
        var events = DashboardTimeline.Between(Snapshot(T0, [before], []), Snapshot(T1, [after], []));

        Assert.True(expected.SequenceEqual(events.Select(e => e.Kind)), $"{name}: got {string.Join(", ", events.Select(e => e.Kind))}");
        Assert.All(events, e => Assert.Equal("a-db1", e.Subject));
    }

    [Fact]
    public void A_state_change_names_both_states()
    {
        var events = DashboardTimeline.Between(Snapshot(T0, [Node("a-db1", "a")], []), Snapshot(T1, [Node("a-db1", "a", state: "Donor/Desynced")], []));

        Assert.Equal("a-db1: Synced → Donor/Desynced", Assert.Single(events).Message);
    }

    public static TheoryData<string, DashboardRecovery?, DashboardRecovery?, DashboardEventKind[]> RecoveryCases() => new()
    {
        { "not read yet", null, null, [] },
        { "first read, never recovered", null, DashboardRecovery.None, [] },
        { "first read finds an epoch", null, Epoch(3), [DashboardEventKind.Recovery] },
        { "first epoch decided", DashboardRecovery.None, Epoch(1), [DashboardEventKind.Recovery] },
        { "same epoch", Epoch(3), Epoch(3), [] },
        { "next epoch", Epoch(3), Epoch(4), [DashboardEventKind.Recovery] },
        { "start all at recovered positions", Epoch(3), Epoch(4, "start-all", node: ""), [DashboardEventKind.Recovery] },
        { "forced by an operator", Epoch(3), Epoch(4, forced: true), [DashboardEventKind.ForcedBootstrap] },
        { "first read finds a forced epoch", null, Epoch(4, forced: true), [DashboardEventKind.ForcedBootstrap] },
        { "a later read failed and kept nothing", Epoch(3), null, [] },
    };

    [Theory]
    [MemberData(nameof(RecoveryCases))]
    public void Recovery_epochs_become_events(string name, DashboardRecovery? before, DashboardRecovery? after, DashboardEventKind[] expected)
    {
        var events = DashboardTimeline.Between(Healthy(T0) with { Recovery = before }, Healthy(T1) with { Recovery = after });

        Assert.True(expected.SequenceEqual(events.Select(e => e.Kind)), $"{name}: got {string.Join(", ", events.Select(e => e.Kind))}");
        Assert.All(events, e => Assert.Equal(after!.DecidedAt, e.At));
    }

    [Fact]
    public void A_recovery_event_names_the_epoch_decision_reason_and_node()
    {
        var events = DashboardTimeline.Between(Healthy(T0) with { Recovery = Epoch(1) }, Healthy(T1) with { Recovery = Epoch(2) });

        var e = Assert.Single(events);
        Assert.Equal("b-db1", e.Subject);
        Assert.Equal("recovery epoch 2: bootstrap — b-db1 has the most advanced position; bootstrap from b-db1 (decided by a-db1)", e.Message);
    }

    [Fact]
    public void A_forced_bootstrap_says_so_and_a_start_all_names_the_cluster()
    {
        var forced = Assert.Single(DashboardTimeline.Between(Healthy(T0) with { Recovery = Epoch(1) }, Healthy(T1) with { Recovery = Epoch(2, forced: true) }));
        var startAll = Assert.Single(DashboardTimeline.Between(Healthy(T0) with { Recovery = Epoch(1) }, Healthy(T1) with { Recovery = Epoch(2, "start-all", node: "") }));

        Assert.Equal("recovery epoch 2: forced bootstrap — b-db1 has the most advanced position; bootstrap from b-db1 (decided by operator)", forced.Message);
        Assert.Equal(("dash", "recovery epoch 2: start-all — b-db1 has the most advanced position; every node starts at its recovered position (decided by a-db1)"), (startAll.Subject, startAll.Message));
    }

    [Fact]
    public void The_first_snapshot_has_no_events() => Assert.Empty(DashboardTimeline.Between(null, Healthy(T0)));

    [Fact]
    public void Tunnels_and_nodes_in_one_snapshot_only_yield_nothing()
    {
        var before = Snapshot(T0, [Node("a-db1", "a")], [Tunnel("a~b")]);
        var after = Snapshot(T1, [Node("b-db1", "b", state: "Joining", primary: false)], [Tunnel("a~c", up: false, cut: true)]);

        Assert.Empty(DashboardTimeline.Between(before, after));
    }

    [Fact]
    public void The_tunnel_state_is_cut_whatever_ike_says()
    {
        Assert.Equal(DashboardTunnelState.Cut, Tunnel(up: true, cut: true).State);
        Assert.Equal(DashboardTunnelState.Down, Tunnel(up: false).State);
        Assert.Equal(DashboardTunnelState.Up, Tunnel().State);
    }
}
