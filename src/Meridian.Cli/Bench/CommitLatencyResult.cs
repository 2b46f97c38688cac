using Meridian.Core.Benchmarks;

namespace Meridian.Cli.Bench;

/// <summary>One region's endpoint: measured commit latency against the floor F the RTT matrix allows.</summary>
public sealed record CommitLatencyResult(string Region, int Port, LatencySummary Latency, double FloorMs)
{
    /// <summary>p50 / F: about 1.01 in the measured lab (docs/lab-notes.md#what-sets-commit-latency).</summary>
    public double P50OverFloor => FloorMs > 0 ? Math.Round(Latency.P50Ms / FloorMs, 3) : double.NaN;
}
