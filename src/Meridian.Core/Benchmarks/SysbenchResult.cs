namespace Meridian.Core.Benchmarks;

/// <summary>The cumulative figures of one sysbench 1.0.20 run, as printed at its end (latencies in milliseconds).</summary>
/// <param name="IgnoredErrors">Errors sysbench retried instead of aborting on (with --mysql-ignore-errors, e.g. 1213 deadlocks).</param>
/// <param name="LatencyP95Ms">0 when no event completed: sysbench prints 0.00 then.</param>
public sealed record SysbenchResult(
    int Threads,
    double Seconds,
    long Transactions,
    double TransactionsPerSecond,
    long Queries,
    long IgnoredErrors,
    long Reconnects,
    double LatencyMinMs,
    double LatencyAvgMs,
    double LatencyP95Ms,
    double LatencyMaxMs);
