using System.Globalization;

namespace Meridian.Core.Galera;

/// <summary>
/// The wsrep status variables the agent polls every second (SHOW GLOBAL STATUS WHERE Variable_name IN (…)).
/// https://mariadb.com/kb/en/galera-cluster-status-variables/ describes each; docs/metrics.md lists the metric each feeds.
/// </summary>
/// <param name="LocalSendQueue">wsrep_local_send_queue: write-sets waiting to be sent now.</param>
/// <param name="LocalRecvQueue">wsrep_local_recv_queue: write-sets received and waiting to be applied now.</param>
/// <param name="LocalCertFailures">wsrep_local_cert_failures: local transactions that failed certification, since start.</param>
/// <param name="LocalBfAborts">wsrep_local_bf_aborts: local transactions aborted by a replicated (brute-force) one, since start.</param>
/// <param name="LocalCommits">wsrep_local_commits: local transactions committed, since start.</param>
/// <param name="ReplicatedBytes">wsrep_replicated_bytes: bytes of write-sets this node sent, since start.</param>
/// <param name="ReceivedBytes">wsrep_received_bytes: bytes of write-sets this node received, since start.</param>
/// <param name="FlowControlPausedNs">wsrep_flow_control_paused_ns: nanoseconds replication was paused by flow control, since start.</param>
/// <param name="FlowControlSent">wsrep_flow_control_sent: FC_PAUSE events this node sent, since start.</param>
/// <param name="FlowControlRecv">wsrep_flow_control_recv: FC_PAUSE events this node received (its own included), since start.</param>
public sealed record WsrepStatus(
    string LocalStateComment,
    string ClusterStatus,
    int ClusterSize,
    string ClusterStateUuid,
    long LastCommitted,
    int LocalIndex,
    double FlowControlPaused,
    bool Ready,
    int GmcastSegment,
    int LocalState,
    string IncomingAddresses = "",
    long LocalSendQueue = 0,
    long LocalRecvQueue = 0,
    long LocalCertFailures = 0,
    long LocalBfAborts = 0,
    long LocalCommits = 0,
    long ReplicatedBytes = 0,
    long ReceivedBytes = 0,
    long FlowControlPausedNs = 0,
    long FlowControlSent = 0,
    long FlowControlRecv = 0)
{
    /// <summary>The status variables this record reads, for the SHOW STATUS query.</summary>
    public static readonly IReadOnlyList<string> VariableNames =
    [
        "wsrep_local_state_comment", "wsrep_cluster_status", "wsrep_cluster_size", "wsrep_cluster_state_uuid",
        "wsrep_last_committed", "wsrep_local_index", "wsrep_flow_control_paused", "wsrep_ready", "wsrep_gmcast_segment",
        "wsrep_local_state", "wsrep_incoming_addresses", "wsrep_local_send_queue", "wsrep_local_recv_queue",
        "wsrep_local_cert_failures", "wsrep_local_bf_aborts", "wsrep_local_commits", "wsrep_replicated_bytes",
        "wsrep_received_bytes", "wsrep_flow_control_paused_ns", "wsrep_flow_control_sent", "wsrep_flow_control_recv",
    ];

    /// <summary>
    /// Builds the record from name → value pairs (names case-insensitive). Absent or garbled numbers read as -1, except
    /// the queues and counters, which read as 0: a counter must never go below a value it had.
    /// </summary>
    public static WsrepStatus FromVariables(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var byName = new Dictionary<string, string>(variables, StringComparer.OrdinalIgnoreCase);
        string Text(string name) => byName.GetValueOrDefault(name) ?? string.Empty;
        long Number(string name) => long.TryParse(Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : -1;
        long Count(string name) => Math.Max(0, Number(name));
        return new WsrepStatus(
            Text("wsrep_local_state_comment"),
            Text("wsrep_cluster_status"),
            (int)Number("wsrep_cluster_size"),
            Text("wsrep_cluster_state_uuid"),
            Number("wsrep_last_committed"),
            (int)Number("wsrep_local_index"),
            double.TryParse(Text("wsrep_flow_control_paused"), NumberStyles.Float, CultureInfo.InvariantCulture, out var paused) ? paused : 0,
            string.Equals(Text("wsrep_ready"), "ON", StringComparison.OrdinalIgnoreCase),
            (int)Number("wsrep_gmcast_segment"),
            (int)Number("wsrep_local_state"),
            Text("wsrep_incoming_addresses"),
            Count("wsrep_local_send_queue"),
            Count("wsrep_local_recv_queue"),
            Count("wsrep_local_cert_failures"),
            Count("wsrep_local_bf_aborts"),
            Count("wsrep_local_commits"),
            Count("wsrep_replicated_bytes"),
            Count("wsrep_received_bytes"),
            Count("wsrep_flow_control_paused_ns"),
            Count("wsrep_flow_control_sent"),
            Count("wsrep_flow_control_recv"));
    }

    /// <summary>Parses `mariadb -N -B` output: one "name TAB value" per line.</summary>
    public static WsrepStatus ParseTabular(string output) =>
        FromVariables(StatusVariables.ParseTabular(output));

    public bool IsPrimary => ClusterStatus == "Primary";

    public bool IsSynced => LocalStateComment == "Synced";
}
