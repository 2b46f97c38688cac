using Meridian.Core.Metrics;

namespace Meridian.Core.Dashboard;

/// <summary>
/// A Galera node as its agent's /metrics describe it (docs/metrics.md), for providers whose dashboard reads the agents
/// directly instead of through etcd reports (ssh, aws). Pure. wsrep_local_state's numbers are Galera's node states
/// (https://mariadb.com/kb/en/galera-cluster-status-variables/#wsrep_local_state): 0 is the state of a node outside a
/// Primary component, which wsrep_local_state_comment calls "Initialized".
/// </summary>
public static class MetricsNodeState
{
    public static string StateName(int localState) => localState switch
    {
        0 => "Initialized",
        1 => "Joining",
        2 => "Donor/Desynced",
        3 => "Joined",
        4 => "Synced",
        _ => $"state {localState}",
    };

    /// <param name="samples">The node's scrape; null when its agent could not be reached.</param>
    /// <param name="unreachable">Why the agent could not be reached, shown as the node's detail.</param>
    public static DashboardNode Map(string host, string region, string lanAddress, int plannedSegment, IReadOnlyList<PrometheusSample>? samples, string? unreachable)
    {
        if (samples is null)
        {
            return new DashboardNode(host, region, lanAddress, plannedSegment, DashboardNode.NoReport, Primary: false, "none", 0, -1, Ready: false, 0, null, null, null, null, unreachable ?? "the agent did not answer");
        }

        var values = samples.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        double? Value(string name) => values.TryGetValue(name, out var v) ? v : null;
        if (Value(MeridianMetricNames.MariadbdAnswering) != 1)
        {
            var detail = Value(MeridianMetricNames.MariadbdUp) == 1 ? "mariadbd runs but does not answer yet (starting, or receiving a state transfer)" : "mariadbd is not running";
            return new DashboardNode(host, region, lanAddress, plannedSegment, "stopped", Primary: false, "none", 0, -1, Ready: false, 0, null, null, null, null, detail);
        }

        var primary = Value(MeridianMetricNames.WsrepClusterStatusPrimary) == 1;
        long? Whole(string name) => Value(name) is { } v ? (long)v : null;
        return new DashboardNode(
            host,
            region,
            lanAddress,
            (int)(Value(MeridianMetricNames.WsrepGmcastSegment) ?? plannedSegment),
            StateName((int)(Value(MeridianMetricNames.WsrepLocalState) ?? -1)),
            primary,
            primary ? "Primary" : "non-Primary",
            (int)(Value(MeridianMetricNames.WsrepClusterSize) ?? 0),
            Whole(MeridianMetricNames.WsrepLastCommitted) ?? -1,
            Value(MeridianMetricNames.WsrepReady) == 1,
            Value(MeridianMetricNames.WsrepFlowControlPausedRatio) ?? 0,
            Whole(MeridianMetricNames.WsrepLocalSendQueueLength),
            Whole(MeridianMetricNames.WsrepLocalRecvQueueLength),
            Whole(MeridianMetricNames.WsrepLocalCertFailuresTotal),
            null,
            null);
    }
}
