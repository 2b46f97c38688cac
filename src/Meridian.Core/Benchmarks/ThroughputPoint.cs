namespace Meridian.Core.Benchmarks;

/// <summary>One sysbench run: a configuration, a workload at a key distribution and a client count.</summary>
/// <param name="Workload">The sysbench script: oltp_insert, oltp_write_only or oltp_read_only.</param>
/// <param name="Distribution">sysbench --rand-type: "uniform", or "special" (a hot set of rows).</param>
/// <param name="FlowControlSent">wsrep_flow_control_sent summed over the nodes during the run; null when not read.</param>
/// <param name="CpuBusy">Share of the whole machine's CPU time that was busy during the run (0–1, /proc/stat); null when not read.</param>
/// <param name="FloorFraction">Tps / (Clients / F): how close to the safe-delivery ceiling; null for reads, which do not replicate.</param>
public sealed record ThroughputPoint(
    string Configuration,
    string Workload,
    string Distribution,
    int Clients,
    double Tps,
    double P95Ms,
    double AvgMs,
    double IgnoredErrorsPerSecond,
    long? FlowControlSent,
    double? FloorFraction,
    double? CpuBusy = null)
{
    public const string ReadOnlyWorkload = "oltp_read_only";

    /// <summary>Builds the point from a sysbench result, computing <see cref="FloorFraction"/> from F.</summary>
    public static ThroughputPoint FromSysbench(
        string configuration, string workload, string distribution, SysbenchResult result, double floorMs, long? flowControlSent = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var ignoredPerSecond = result.Seconds > 0 ? result.IgnoredErrors / result.Seconds : 0;
        return new ThroughputPoint(
            configuration, workload, distribution, result.Threads, result.TransactionsPerSecond, result.LatencyP95Ms, result.LatencyAvgMs,
            ignoredPerSecond, flowControlSent, FractionOfFloor(workload, result.Threads, result.TransactionsPerSecond, floorMs));
    }

    /// <summary>N clients each waiting at least F per commit can commit at most N / F per second.</summary>
    public static double? FractionOfFloor(string workload, int clients, double tps, double floorMs) =>
        workload == ReadOnlyWorkload || clients <= 0 || floorMs <= 0 ? null : tps / (clients / (floorMs / 1000.0));
}
