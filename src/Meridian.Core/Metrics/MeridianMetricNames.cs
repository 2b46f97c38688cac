namespace Meridian.Core.Metrics;

/// <summary>
/// The names of the agent's Prometheus metrics (docs/metrics.md), written once: the agent renders them
/// (<see cref="Meridian.Core.Galera.WsrepMetricsRenderer"/>) and the dashboard reads them (<see cref="NodeMetrics"/>,
/// <see cref="Meridian.Core.Dashboard.MetricsNodeState"/>), so a rename cannot leave a reader behind.
/// </summary>
public static class MeridianMetricNames
{
    public const string CommitProbeDurationSeconds = "meridian_commit_probe_duration_seconds";
    public const string CommitProbeFailuresTotal = "meridian_commit_probe_failures_total";
    public const string MariadbdAnswering = "meridian_mariadbd_answering";
    public const string MariadbdUp = "meridian_mariadbd_up";
    public const string WsrepClusterSize = "meridian_wsrep_cluster_size";
    public const string WsrepClusterStatusPrimary = "meridian_wsrep_cluster_status_primary";
    public const string WsrepFlowControlPausedRatio = "meridian_wsrep_flow_control_paused_ratio";
    public const string WsrepFlowControlPausedSecondsTotal = "meridian_wsrep_flow_control_paused_seconds_total";
    public const string WsrepFlowControlRecvTotal = "meridian_wsrep_flow_control_recv_total";
    public const string WsrepFlowControlSentTotal = "meridian_wsrep_flow_control_sent_total";
    public const string WsrepGmcastSegment = "meridian_wsrep_gmcast_segment";
    public const string WsrepLastCommitted = "meridian_wsrep_last_committed";
    public const string WsrepLocalBfAbortsTotal = "meridian_wsrep_local_bf_aborts_total";
    public const string WsrepLocalCertFailuresTotal = "meridian_wsrep_local_cert_failures_total";
    public const string WsrepLocalCommitsTotal = "meridian_wsrep_local_commits_total";
    public const string WsrepLocalIndex = "meridian_wsrep_local_index";
    public const string WsrepLocalRecvQueueLength = "meridian_wsrep_local_recv_queue_length";
    public const string WsrepLocalSendQueueLength = "meridian_wsrep_local_send_queue_length";
    public const string WsrepLocalState = "meridian_wsrep_local_state";
    public const string WsrepReady = "meridian_wsrep_ready";
    public const string WsrepReceivedBytesTotal = "meridian_wsrep_received_bytes_total";
    public const string WsrepReplicatedBytesTotal = "meridian_wsrep_replicated_bytes_total";
    public const string WsrepSynced = "meridian_wsrep_synced";
}
