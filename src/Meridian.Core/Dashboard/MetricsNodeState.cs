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
        if (Value("meridian_mariadbd_answering") != 1)
        {
            var detail = Value("meridian_mariadbd_up") == 1 ? "mariadbd runs but does not answer yet (starting, or receiving a state transfer)" : "mariadbd is not running";
            return new DashboardNode(host, region, lanAddress, plannedSegment, "stopped", Primary: false, "none", 0, -1, Ready: false, 0, null, null, null, null, detail);
        }

        var primary = Value("meridian_wsrep_cluster_status_primary") == 1;
        long? Whole(string name) => Value(name) is { } v ? (long)v : null;
        return new DashboardNode(
            host,
            region,
            lanAddress,
            (int)(Value("meridian_wsrep_gmcast_segment") ?? plannedSegment),
            StateName((int)(Value("meridian_wsrep_local_state") ?? -1)),
            primary,
            primary ? "Primary" : "non-Primary",
            (int)(Value("meridian_wsrep_cluster_size") ?? 0),
            Whole("meridian_wsrep_last_committed") ?? -1,
            Value("meridian_wsrep_ready") == 1,
            Value("meridian_wsrep_flow_control_paused_ratio") ?? 0,
            Whole("meridian_wsrep_local_send_queue_length"),
            Whole("meridian_wsrep_local_recv_queue_length"),
            Whole("meridian_wsrep_local_cert_failures_total"),
            null,
            null);
    }
}
