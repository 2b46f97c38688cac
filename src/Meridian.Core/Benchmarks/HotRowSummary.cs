namespace Meridian.Core.Benchmarks;

/// <summary>
/// The runs of one variant on one kind of rows, reduced to the median and the spread (min–max) the issue asks for
/// (docs/performance.md#hot-rows), and the median rate of each conflict kind. Pure.
/// </summary>
public sealed record HotRowSummary(
    string Variant,
    string Rows,
    int Runs,
    double MedianCommitsPerSecond,
    double MinCommitsPerSecond,
    double MaxCommitsPerSecond,
    double MedianConflictShare,
    double MedianCertFailuresPerSecond,
    double MedianBfAbortsPerSecond,
    double MedianFlowControlPausedShare,
    double? MedianUnseenWriteSets)
{
    /// <summary>One summary per (variant, rows), in the order each first appears in <paramref name="runs"/>.</summary>
    public static IReadOnlyList<HotRowSummary> Of(IEnumerable<HotRowRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return [.. runs
            .GroupBy(r => (r.Variant, r.Rows))
            .Select(g =>
            {
                var list = g.ToList();
                var cps = list.Select(r => r.CommitsPerSecond).ToList();
                return new HotRowSummary(
                    g.Key.Variant,
                    g.Key.Rows,
                    list.Count,
                    Median(cps),
                    Math.Round(cps.Min(), 3),
                    Math.Round(cps.Max(), 3),
                    Median(list.Select(r => r.ConflictShare)),
                    Median(list.Select(r => PerSecond(r.Counters.CertFailures, r.Seconds))),
                    Median(list.Select(r => PerSecond(r.Counters.BfAborts, r.Seconds))),
                    Median(list.Select(r => r.Seconds > 0 ? r.Counters.FlowControlPausedSeconds / r.Seconds : 0)),
                    BenchStatistics.Median([.. list.Where(r => r.Counters.MedianUnseenWriteSets is not null).Select(r => r.Counters.MedianUnseenWriteSets!.Value)]));
            })];
    }

    private static double PerSecond(long count, double seconds) => seconds > 0 ? count / seconds : 0;

    private static double Median(IEnumerable<double> values) => Math.Round(BenchStatistics.Median([.. values]) ?? 0, 4);
}
