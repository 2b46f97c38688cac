using System.Globalization;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// What every data node's wsrep status counters gained during one hot-row run, summed over the nodes
/// (https://galeracluster.com/library/documentation/galera-status-variables.html): local certification failures (a
/// write-set lost against one ordered before it that its writer had not yet seen), brute-force aborts (a replicated
/// write-set aborted a local transaction holding or waiting for the row), flow-control pauses; and from the error logs
/// (cert.log_conflicts) how many conflicts were logged and the median number of write-sets each loser had not seen.
/// </summary>
public sealed record HotRowCounters(
    long CertFailures,
    long BfAborts,
    long FlowControlSent,
    double FlowControlPausedSeconds,
    double MaxReceiveQueueAverage,
    long LoggedConflicts,
    double? MedianUnseenWriteSets)
{
    public static IReadOnlyList<string> StatusNames { get; } =
    [
        "wsrep_local_cert_failures",
        "wsrep_local_bf_aborts",
        "wsrep_flow_control_sent",
        "wsrep_flow_control_paused_ns",
        "wsrep_local_recv_queue_avg",
    ];

    /// <summary>
    /// The counters' growth from <paramref name="before"/> to <paramref name="after"/> (one status read per node, same
    /// order), and the receive queue average each node reported at the end (Galera resets it at every status read, so
    /// it covers the run). A node missing from either read adds nothing.
    /// </summary>
    public static HotRowCounters Between(
        IReadOnlyList<IReadOnlyDictionary<string, string>?> before,
        IReadOnlyList<IReadOnlyDictionary<string, string>?> after,
        long loggedConflicts,
        IReadOnlyCollection<long> unseenWriteSets)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(unseenWriteSets);
        double Delta(string name) => before.Zip(after).Sum(p => p.First is { } b && p.Second is { } a && Number(a, name) is { } x && Number(b, name) is { } y ? Math.Max(0, x - y) : 0);
        return new HotRowCounters(
            (long)Delta("wsrep_local_cert_failures"),
            (long)Delta("wsrep_local_bf_aborts"),
            (long)Delta("wsrep_flow_control_sent"),
            Delta("wsrep_flow_control_paused_ns") / 1e9,
            after.Select(a => a is null ? null : Number(a, "wsrep_local_recv_queue_avg")).Max() ?? 0,
            loggedConflicts,
            BenchStatistics.Median([.. unseenWriteSets.Select(u => (double)u)]));
    }

    private static double? Number(IReadOnlyDictionary<string, string> variables, string name) =>
        variables.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
