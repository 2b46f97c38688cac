using System.Collections.Immutable;

namespace Meridian.Core.Dashboard;

/// <summary>
/// The dashboard's charts over the history window (docs/dashboard.md, "Charts"): per region commits/s, commit latency
/// p50/p99 from the agents' probe, flow control paused % and the commit floor F; per directed WAN link bytes/s.
/// One point per <see cref="StepSeconds"/>; a null value is a gap (nothing was scraped then).
/// </summary>
public sealed record ChartSet(
    DateTimeOffset? From,
    DateTimeOffset? To,
    double StepSeconds,
    ImmutableArray<RegionCharts> Regions,
    ImmutableArray<LinkChart> Links)
{
    public static readonly ChartSet Empty = new(null, null, 0, [], []);
}

public sealed record RegionCharts(
    string Region,
    ImmutableArray<ChartPoint> CommitsPerSecond,
    ImmutableArray<ChartPoint> LatencyP50Ms,
    ImmutableArray<ChartPoint> LatencyP99Ms,
    ImmutableArray<ChartPoint> FlowControlPausedPercent,
    ImmutableArray<ChartPoint> FloorMs);

/// <summary>Bytes per second over the directed link <see cref="From"/> → <see cref="To"/>.</summary>
public sealed record LinkChart(string From, string To, ImmutableArray<ChartPoint> BytesPerSecond);

public sealed record ChartPoint(DateTimeOffset At, double? Value);
