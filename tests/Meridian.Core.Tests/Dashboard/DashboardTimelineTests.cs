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
