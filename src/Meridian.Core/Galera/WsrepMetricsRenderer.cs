using System.Globalization;
using System.Text;
using Meridian.Core.Metrics;

namespace Meridian.Core.Galera;

/// <summary>
/// Prometheus text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/) of the agent's
/// GET /metrics; docs/metrics.md lists every metric. Names follow https://prometheus.io/docs/practices/naming/: the
/// meridian_ prefix, the base unit in the name (_seconds, _bytes), _total on counters, _ratio on a 0–1 fraction.
/// Every sample carries node and region labels so one Prometheus scrape config covers all nodes. The wsrep values come
/// from the status the agent polls each second (https://mariadb.com/kb/en/galera-cluster-status-variables/).
/// </summary>
public static class WsrepMetricsRenderer
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <param name="status">Null when mariadbd does not answer: the wsrep metrics are left out then.</param>
    /// <param name="probe">The commit probe's histogram and failures since the agent started; null where no probe runs.</param>
    public static string Render(string node, string region, bool processAlive, WsrepStatus? status, CommitProbeReading? probe = null)
    {
        var labels = $"node=\"{Escape(node)}\",region=\"{Escape(region)}\"";
        var text = new StringBuilder(8192);
        void Header(string name, string type, string help) =>
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
        void Sample(string name, double value) =>
            text.Append(CultureInfo.InvariantCulture, $"{name}{{{labels}}} {Number(value)}\n");
        void Gauge(string name, string help, double value)
        {
            Header(name, "gauge", help);
            Sample(name, value);
        }

        void Counter(string name, string help, double value)
        {
            Header(name, "counter", help);
            Sample(name, value);
        }

        Gauge(MeridianMetricNames.MariadbdUp, "1 when the supervised mariadbd process is alive.", processAlive ? 1 : 0);
        Gauge(MeridianMetricNames.MariadbdAnswering, "1 when mariadbd answered the last status query.", status is null ? 0 : 1);
        if (probe is not null)
        {
            // Counted by the agent since it started, so present whether or not mariadbd answers now.
            const string histogram = MeridianMetricNames.CommitProbeDurationSeconds;
            Header(histogram, "histogram", "Duration of the agent's autocommit probe write, measured inside mariadbd (SYSDATE(6)).");
            var durations = probe.Durations;
            for (var i = 0; i < durations.UpperBounds.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{histogram}_bucket{{{labels},le=\"{Number(durations.UpperBounds[i])}\"}} {durations.CumulativeCounts[i]}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{histogram}_bucket{{{labels},le=\"+Inf\"}} {durations.Count}\n");
            Sample(histogram + "_sum", durations.Sum);
            Sample(histogram + "_count", durations.Count);
            Counter(MeridianMetricNames.CommitProbeFailuresTotal, "Commit probes that failed or timed out.", probe.Failures);
        }

        if (status is null)
        {
            return text.ToString();
        }

        Gauge(MeridianMetricNames.WsrepReady, "wsrep_ready: 1 when the node accepts queries.", status.Ready ? 1 : 0);
        Gauge(MeridianMetricNames.WsrepClusterStatusPrimary, "1 when wsrep_cluster_status is Primary.", status.IsPrimary ? 1 : 0);
        Gauge(MeridianMetricNames.WsrepSynced, "1 when wsrep_local_state_comment is Synced.", status.IsSynced ? 1 : 0);
        Gauge(MeridianMetricNames.WsrepLocalState, "wsrep_local_state (1 Joining, 2 Donor, 3 Joined, 4 Synced).", status.LocalState);
        Gauge(MeridianMetricNames.WsrepClusterSize, "wsrep_cluster_size: members in the component.", status.ClusterSize);
        Gauge(MeridianMetricNames.WsrepLastCommitted, "wsrep_last_committed: seqno of the last committed write-set.", status.LastCommitted);
        Gauge(MeridianMetricNames.WsrepLocalIndex, "wsrep_local_index: this node's index in the component.", status.LocalIndex);
        Gauge(MeridianMetricNames.WsrepGmcastSegment, "wsrep_gmcast_segment: this node's WAN segment.", status.GmcastSegment);
        Gauge(MeridianMetricNames.WsrepFlowControlPausedRatio, "wsrep_flow_control_paused: fraction of time paused by flow control since the previous status read.", status.FlowControlPaused);
        Gauge(MeridianMetricNames.WsrepLocalSendQueueLength, "wsrep_local_send_queue: write-sets waiting to be sent.", status.LocalSendQueue);
        Gauge(MeridianMetricNames.WsrepLocalRecvQueueLength, "wsrep_local_recv_queue: write-sets waiting to be applied.", status.LocalRecvQueue);
        Counter(MeridianMetricNames.WsrepLocalCertFailuresTotal, "wsrep_local_cert_failures: local transactions that failed certification.", status.LocalCertFailures);
        Counter(MeridianMetricNames.WsrepLocalBfAbortsTotal, "wsrep_local_bf_aborts: local transactions aborted by replicated ones.", status.LocalBfAborts);
        Counter(MeridianMetricNames.WsrepLocalCommitsTotal, "wsrep_local_commits: local transactions committed.", status.LocalCommits);
        Counter(MeridianMetricNames.WsrepReplicatedBytesTotal, "wsrep_replicated_bytes: bytes of write-sets sent.", status.ReplicatedBytes);
        Counter(MeridianMetricNames.WsrepReceivedBytesTotal, "wsrep_received_bytes: bytes of write-sets received.", status.ReceivedBytes);
        Counter(MeridianMetricNames.WsrepFlowControlPausedSecondsTotal, "wsrep_flow_control_paused_ns / 1e9: time replication was paused by flow control.", status.FlowControlPausedNs / 1e9);
        Counter(MeridianMetricNames.WsrepFlowControlSentTotal, "wsrep_flow_control_sent: flow control pause events sent.", status.FlowControlSent);
        Counter(MeridianMetricNames.WsrepFlowControlRecvTotal, "wsrep_flow_control_recv: flow control pause events received.", status.FlowControlRecv);
        return text.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>What the agent's commit probe counted since the agent started (docs/metrics.md, "Commit probe").</summary>
public sealed record CommitProbeReading(HistogramSnapshot Durations, long Failures);
