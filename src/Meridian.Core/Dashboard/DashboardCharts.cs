using System.Collections.Immutable;
using Meridian.Core.Metrics;

namespace Meridian.Core.Dashboard;

/// <summary>
/// Turns successive <see cref="MetricsRound"/>s into the page's charts (docs/dashboard.md, "Charts"), the way PromQL's
/// rate() and histogram_quantile() would over the same scrapes:
/// - points at every multiple of the step, each from the last round at or before it and the last round one step earlier;
/// - commits/s: the region's nodes' wsrep_local_commits increase over that step, summed, per second;
/// - flow control paused %: the largest of the region's nodes (the node that holds the region back);
/// - commit latency p50/p99: the region's probe histograms' increase over the latency window (longer than a step,
///   since a probe every 2 s gives few observations), then the quantile;
/// - a counter that went down (a restarted agent or mariadbd) leaves that node out of that point instead of a spike.
/// Pure: rounds in, charts out.
/// </summary>
public static class DashboardCharts
{
    public static ChartSet Build(IReadOnlyList<MetricsRound> rounds, IReadOnlyList<string> regionOrder, TimeSpan step, TimeSpan latencyWindow)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(regionOrder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        if (rounds.Count < 2)
        {
            return ChartSet.Empty with { StepSeconds = step.TotalSeconds };
        }

        var times = PointTimes(rounds[0].At, rounds[^1].At, step);
        var regions = regionOrder
            .Where(region => rounds.Any(r => r.FloorMsByRegion.ContainsKey(region) || r.Nodes.Any(n => n.Region == region)))
            .Select(region => RegionCharts(rounds, region, times, step, latencyWindow))
            .ToImmutableArray();
        var links = rounds[^1].Links
            .Select(link => new LinkChart(link.From, link.To, [.. times.Select(t => LinkRate(rounds, link, t, step))]))
            .ToImmutableArray();
        return new ChartSet(times.Count > 0 ? times[0] : null, times.Count > 0 ? times[^1] : null, step.TotalSeconds, [.. times], regions, links);
    }

    /// <summary>Every multiple of <paramref name="step"/> (from the Unix epoch) that has a round one step before it.</summary>
    private static List<DateTimeOffset> PointTimes(DateTimeOffset first, DateTimeOffset last, TimeSpan step)
    {
        var stepTicks = step.Ticks;
        var end = new DateTimeOffset(last.UtcTicks - ((last.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % stepTicks), TimeSpan.Zero);
        var times = new List<DateTimeOffset>();
        for (var t = end; t - step >= first; t -= step)
        {
            times.Add(t);
        }

        times.Reverse();
        return times;
    }

    private static RegionCharts RegionCharts(IReadOnlyList<MetricsRound> rounds, string region, List<DateTimeOffset> times, TimeSpan step, TimeSpan latencyWindow)
    {
        var commits = ImmutableArray.CreateBuilder<double?>();
        var p50 = ImmutableArray.CreateBuilder<double?>();
        var p99 = ImmutableArray.CreateBuilder<double?>();
        var paused = ImmutableArray.CreateBuilder<double?>();
        var floor = ImmutableArray.CreateBuilder<double?>();
        foreach (var t in times)
        {
            var end = AtOrBefore(rounds, t);
            var start = AtOrBefore(rounds, t - step);
            var windowStart = AtOrBefore(rounds, t - latencyWindow) ?? rounds[0];
            floor.Add(end is not null && end.FloorMsByRegion.TryGetValue(region, out var f) ? Round(f) : null);
            if (end is null || start is null || end.At <= start.At)
            {
                commits.Add(null);
                paused.Add(null);
                p50.Add(null);
                p99.Add(null);
                continue;
            }

            var seconds = (end.At - start.At).TotalSeconds;
            var pairs = Pairs(start, end, region).ToList();
            var commitDeltas = pairs.Select(p => Increase(p.Start.LocalCommits, p.End.LocalCommits)).OfType<double>().ToList();
            commits.Add(commitDeltas.Count == 0 ? null : Round(commitDeltas.Sum() / seconds));
            var pausedDeltas = pairs.Select(p => Increase(p.Start.FlowControlPausedSeconds, p.End.FlowControlPausedSeconds)).OfType<double>().ToList();
            paused.Add(pausedDeltas.Count == 0 ? null : Round(Math.Clamp(pausedDeltas.Max() / seconds * 100, 0, 100)));

            var latency = windowStart.At < end.At ? ProbeIncrease(Pairs(windowStart, end, region)) : [];
            p50.Add(Round(HistogramQuantile.Estimate(0.50, latency) * 1000));
            p99.Add(Round(HistogramQuantile.Estimate(0.99, latency) * 1000));
        }

        return new RegionCharts(region, commits.ToImmutable(), p50.ToImmutable(), p99.ToImmutable(), paused.ToImmutable(), floor.ToImmutable());
    }

    private static double? LinkRate(IReadOnlyList<MetricsRound> rounds, WanLinkBytes link, DateTimeOffset t, TimeSpan step)
    {
        var end = AtOrBefore(rounds, t);
        var start = AtOrBefore(rounds, t - step);
        if (end is null || start is null || end.At <= start.At)
        {
            return null;
        }

        var before = start.Links.FirstOrDefault(l => l.From == link.From && l.To == link.To);
        var after = end.Links.FirstOrDefault(l => l.From == link.From && l.To == link.To);
        return Round(Increase(before?.Bytes, after?.Bytes) / (end.At - start.At).TotalSeconds);
    }

    /// <summary>The region's nodes scraped in both rounds, answering both times.</summary>
    private static IEnumerable<(NodeMetrics Start, NodeMetrics End)> Pairs(MetricsRound start, MetricsRound end, string region) =>
        from after in end.Nodes
        where after.Region == region && after.Answering
        join before in start.Nodes on after.Node equals before.Node
        where before.Answering
        select (before, after);

    /// <summary>The region's probe buckets' increase, summed over its nodes; a node whose histogram reset is left out.</summary>
    private static List<HistogramBucket> ProbeIncrease(IEnumerable<(NodeMetrics Start, NodeMetrics End)> pairs)
    {
        var sums = new SortedDictionary<double, double>();
        foreach (var (start, end) in pairs)
        {
            var before = start.ProbeBuckets.ToDictionary(b => b.UpperBound, b => b.CumulativeCount);
            var increases = end.ProbeBuckets.Select(b => (b.UpperBound, Delta: before.TryGetValue(b.UpperBound, out var c) ? b.CumulativeCount - c : double.NaN)).ToList();
            if (increases.Count == 0 || increases.Any(i => double.IsNaN(i.Delta) || i.Delta < 0))
            {
                continue;
            }

            foreach (var (bound, delta) in increases)
            {
                sums[bound] = sums.GetValueOrDefault(bound) + delta;
            }
        }

        return [.. sums.Select(s => new HistogramBucket(s.Key, s.Value))];
    }

    /// <summary>Three decimals are finer than any chart draws, and keep the JSON short.</summary>
    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static double? Increase(double? before, double? after) =>
        before is { } b && after is { } a && a >= b ? a - b : null;

    /// <summary>The last round taken at or before <paramref name="at"/> (rounds are oldest first).</summary>
    private static MetricsRound? AtOrBefore(IReadOnlyList<MetricsRound> rounds, DateTimeOffset at)
    {
        int low = 0, high = rounds.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (rounds[middle].At <= at)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found < 0 ? null : rounds[found];
    }
}
