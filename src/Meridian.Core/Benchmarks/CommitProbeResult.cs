namespace Meridian.Core.Benchmarks;

/// <summary>Single-client autocommit INSERT latencies through one region's endpoint.</summary>
/// <param name="FloorMs">F for this endpoint (see <see cref="Decisions.CommitLatencyFloor"/>).</param>
/// <param name="WriterMaxRttMs">The largest RTT from this region: what durability in every region physically needs.</param>
public sealed record CommitProbeResult(
    string Configuration,
    string Region,
    int Count,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double FloorMs,
    double WriterMaxRttMs)
{
    /// <summary>Null without a floor (no WAN), so the report never holds an infinity JSON cannot carry.</summary>
    public double? P50OverFloor => FloorMs > 0 ? P50Ms / FloorMs : null;
}
