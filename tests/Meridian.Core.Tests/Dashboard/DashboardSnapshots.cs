using System.Collections.Immutable;
using Meridian.Core.Dashboard;

namespace Meridian.Core.Tests.Dashboard;

/// <summary>Small hand-built snapshots for the dashboard tests: two regions, one node each, one tunnel.</summary>
internal static class DashboardSnapshots
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static DashboardNode Node(string host, string region, string state = "Synced", bool primary = true, long seqno = 100, double flowControl = 0) =>
        new(host, region, "192.168.1.20", 1, state, primary, primary ? "Primary" : "non-Primary", primary ? 2 : 1, seqno, state == "Synced", flowControl, null, null, null, T0, null);

    public static DashboardTunnel Tunnel(string pair = "a~b", bool up = true, bool cut = false, double? measured = 10.5) =>
        new(pair, pair.Split('~')[0], pair.Split('~')[1], up, cut, 10, measured, 0, up ? string.Empty : "no IKE_SA");

    private static readonly string[] RegionNames = ["a", "b"];

    public static DashboardSnapshot Snapshot(DateTimeOffset at, IEnumerable<DashboardNode> nodes, IEnumerable<DashboardTunnel> tunnels)
    {
        var byRegion = nodes.ToLookup(n => n.Region);
        var regions = RegionNames.Select((name, i) => new DashboardRegion(
            name,
            $"192.168.{i + 1}.0/24",
            i + 1,
            new DashboardRouter($"{name}-router", $"192.168.{i + 1}.10", $"198.18.0.{i + 1}"),
            [.. byRegion[name]],
            new DashboardEtcdMember($"{name}-db1", $"https://192.168.{i + 1}.20:2379", Healthy: true, Leader: i == 0, 42, null),
            null,
            new DashboardEndpoint($"127.0.0.1:{3306 + i}", $"192.168.{i + 1}.20:3306", Listening: true, 0, 0, 0, null))).ToImmutableArray();
        return new DashboardSnapshot("dash", "local", at, regions, [.. tunnels], []);
    }

    public static DashboardRecovery Epoch(long epoch, string kind = DashboardRecovery.BootstrapKind, string node = "b-db1", bool forced = false) =>
        new(epoch, kind, node, "b-db1 has the most advanced position", forced, forced ? "operator" : "a-db1", T0.AddSeconds(-30));

    public static DashboardSnapshot Healthy(DateTimeOffset at) =>
        Snapshot(at, [Node("a-db1", "a"), Node("b-db1", "b")], [Tunnel()]);
}
