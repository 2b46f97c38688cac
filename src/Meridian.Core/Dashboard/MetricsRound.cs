using System.Collections.Immutable;
using Meridian.Core.Metrics;

namespace Meridian.Core.Dashboard;

/// <summary>
/// One scrape of every agent's metrics at about the same instant, with the WAN links' byte counters and each region's
/// commit floor F at that instant (F follows `wan set`). The charts are a pure function of successive rounds
/// (<see cref="DashboardCharts"/>).
/// </summary>
/// <param name="FloorMsByRegion">F for a writer in each region with data nodes (docs/performance.md), in ms.</param>
public sealed record MetricsRound(
    DateTimeOffset At,
    ImmutableArray<NodeMetrics> Nodes,
    ImmutableArray<WanLinkBytes> Links,
    ImmutableDictionary<string, double> FloorMsByRegion);

/// <summary>Bytes one directed WAN link (<see cref="From"/> → <see cref="To"/>) forwarded since the lab started.</summary>
public sealed record WanLinkBytes(string From, string To, long Bytes);
