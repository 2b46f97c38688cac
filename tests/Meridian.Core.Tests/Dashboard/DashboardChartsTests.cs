using System.Collections.Immutable;
using Meridian.Core.Dashboard;
using Meridian.Core.Metrics;

namespace Meridian.Core.Tests.Dashboard;

public sealed class DashboardChartsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private static NodeMetrics Node(string node, string region, double seconds, double commits, double paused = 0, double[]? probes = null, bool answering = true) =>
        new(node, region, Start.AddSeconds(seconds), answering, commits, 0, paused, 0, 0, commits, 0, 0,
            probes is null ? [] : [.. new[] { 0.05, 0.1, 0.2, double.PositiveInfinity }.Zip(probes, (le, count) => new HistogramBucket(le, count))]);

    private static MetricsRound Round(double seconds, params NodeMetrics[] nodes) =>
        new(Start.AddSeconds(seconds), [.. nodes], [new WanLinkBytes("a", "b", (long)(seconds * 1000))], ImmutableDictionary<string, double>.Empty.Add("a", 157.5));

    [Fact]
    public void Fewer_than_two_rounds_make_no_points()
    {
        var charts = DashboardCharts.Build([Round(0, Node("a-db1", "a", 0, 0))], ["a"], Step, Window);

        Assert.Empty(charts.Regions);
        Assert.Null(charts.To);
    }

    [Fact]
    public void Commits_per_second_sum_the_regions_nodes_over_each_step()
    {
        // Two nodes in a: 10/s and 5/s; one in b: 2/s. Rounds every 2 s.
        var rounds = Enumerable.Range(0, 16).Select(i => Round(i * 2,
            Node("a-db1", "a", i * 2, i * 20), Node("a-db2", "a", i * 2, i * 10), Node("b-db1", "b", i * 2, i * 4))).ToList();

        var charts = DashboardCharts.Build(rounds, ["a", "b", "c"], Step, Window);

        Assert.Equal(["a", "b"], charts.Regions.Select(r => r.Region));
        Assert.Equal([Start.AddSeconds(10), Start.AddSeconds(20), Start.AddSeconds(30)], charts.Times.ToArray());
        Assert.All(charts.Regions[0].CommitsPerSecond, p => Assert.Equal(15, p!.Value, 6));
        Assert.All(charts.Regions[1].CommitsPerSecond, p => Assert.Equal(2, p!.Value, 6));
        Assert.All(charts.Regions[0].FloorMs, p => Assert.Equal(157.5, p));
        Assert.All(charts.Regions[1].FloorMs, p => Assert.Null(p));
    }

    public static TheoryData<string, NodeMetrics, NodeMetrics, double?> CommitCases() => new()
    {
        { "steady", Node("a-db1", "a", 0, 100), Node("a-db1", "a", 10, 150), 5 },
        { "counter reset (mariadbd restarted)", Node("a-db1", "a", 0, 100), Node("a-db1", "a", 10, 3), null },
        { "not answering at the end", Node("a-db1", "a", 0, 100), Node("a-db1", "a", 10, 150, answering: false), null },
        { "not answering at the start", Node("a-db1", "a", 0, 100, answering: false), Node("a-db1", "a", 10, 150), null },
    };

    [Theory]
    [MemberData(nameof(CommitCases))]
    public void A_node_without_two_good_scrapes_is_a_gap(string name, NodeMetrics before, NodeMetrics after, double? expected)
    {
        var charts = DashboardCharts.Build([Round(0, before), Round(10, after)], ["a"], Step, Window);

        var point = Assert.Single(charts.Regions.Single().CommitsPerSecond);
        Assert.True(expected is null ? point is null : Math.Abs(point!.Value - expected.Value) < 1e-9, $"{name}: got {point}");
    }

    [Fact]
    public void Flow_control_is_the_most_paused_node_in_percent()
    {
        var charts = DashboardCharts.Build(
            [Round(0, Node("a-db1", "a", 0, 0, paused: 1), Node("a-db2", "a", 0, 0, paused: 0)),
             Round(10, Node("a-db1", "a", 10, 0, paused: 3.5), Node("a-db2", "a", 10, 0, paused: 0.5))],
            ["a"], Step, Window);

        Assert.Equal(25, charts.Regions.Single().FlowControlPausedPercent.Single()!.Value, 6);
    }

    [Fact]
    public void Latency_quantiles_come_from_the_probe_increase_over_the_window()
    {
        // Before the window: 100 fast probes that must not count. In the window: 10 probes in (0.1, 0.2].
        var rounds = new List<MetricsRound>
        {
            Round(0, Node("a-db1", "a", 0, 0, probes: [100, 100, 100, 100])),
            Round(30, Node("a-db1", "a", 30, 0, probes: [100, 100, 100, 100])),
            Round(60, Node("a-db1", "a", 60, 0, probes: [100, 100, 110, 110])),
        };

        var charts = DashboardCharts.Build(rounds, ["a"], Step, Window);

        var last = charts.Regions.Single();
        Assert.Equal(150, last.LatencyP50Ms[^1]!.Value, 6);
        Assert.Equal(199, last.LatencyP99Ms[^1]!.Value, 6);
    }

    [Fact]
    public void No_probe_in_the_window_is_a_gap_not_zero()
    {
        var charts = DashboardCharts.Build(
            [Round(0, Node("a-db1", "a", 0, 0, probes: [5, 5, 5, 5])), Round(10, Node("a-db1", "a", 10, 0, probes: [5, 5, 5, 5]))], ["a"], Step, Window);

        Assert.Null(charts.Regions.Single().LatencyP99Ms.Single());
    }

    [Fact]
    public void Link_bytes_are_a_rate_per_directed_link()
    {
        var charts = DashboardCharts.Build([Round(0), Round(10)], ["a"], Step, Window);

        var link = Assert.Single(charts.Links);
        Assert.Equal(("a", "b", 1000.0), (link.From, link.To, link.BytesPerSecond.Single()!.Value));
    }
}
