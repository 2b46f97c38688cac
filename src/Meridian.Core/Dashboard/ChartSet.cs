using System.Collections.Immutable;

namespace Meridian.Core.Dashboard;

/// <summary>
/// The dashboard's charts over the history window (docs/dashboard.md, "Charts"): per region commits/s, commit latency
/// p50/p99 from the agents' probe, flow control paused % and the commit floor F; per directed WAN link bytes/s.
/// One point per <see cref="StepSeconds"/> at each of <see cref="Times"/>; every series is a list of values at those
/// times, a null value a gap (nothing was scraped then). One time axis for all series keeps the page's event small:
/// 15 minutes of every chart is a few kilobytes, not a large object per page every step.
/// </summary>
public sealed record ChartSet(
    DateTimeOffset? From,
    DateTimeOffset? To,
    double StepSeconds,
    ImmutableArray<DateTimeOffset> Times,
    ImmutableArray<RegionCharts> Regions,
    ImmutableArray<LinkChart> Links)
{
    public static readonly ChartSet Empty = new(null, null, 0, [], [], []);
}

public sealed record RegionCharts(
    string Region,
    ImmutableArray<double?> CommitsPerSecond,
    ImmutableArray<double?> LatencyP50Ms,
    ImmutableArray<double?> LatencyP99Ms,
    ImmutableArray<double?> FlowControlPausedPercent,
    ImmutableArray<double?> FloorMs);

/// <summary>Bytes per second over the directed link <see cref="From"/> → <see cref="To"/>.</summary>
public sealed record LinkChart(string From, string To, ImmutableArray<double?> BytesPerSecond);
