using System.Globalization;
using System.Text;

namespace Meridian.Core.Galera;

/// <summary>
/// Prometheus text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/) of the polled
/// wsrep gauges. Every sample carries node and region labels so one Prometheus scrape config covers all nodes.
/// </summary>
public static class WsrepMetricsRenderer
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <param name="status">Null when mariadbd does not answer: only meridian_mariadbd_up 0 is written then.</param>
    public static string Render(string node, string region, bool processAlive, WsrepStatus? status)
    {
        var labels = $"node=\"{Escape(node)}\",region=\"{Escape(region)}\"";
        var text = new StringBuilder();
        void Gauge(string name, string help, double value)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}{{{labels}}} {value.ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        Gauge("meridian_mariadbd_up", "1 when the supervised mariadbd process is alive.", processAlive ? 1 : 0);
        Gauge("meridian_mariadbd_answering", "1 when mariadbd answered the last status query.", status is null ? 0 : 1);
        if (status is null)
        {
            return text.ToString();
        }

        Gauge("meridian_wsrep_ready", "wsrep_ready: 1 when the node accepts queries.", status.Ready ? 1 : 0);
        Gauge("meridian_wsrep_cluster_status_primary", "1 when wsrep_cluster_status is Primary.", status.IsPrimary ? 1 : 0);
        Gauge("meridian_wsrep_synced", "1 when wsrep_local_state_comment is Synced.", status.IsSynced ? 1 : 0);
        Gauge("meridian_wsrep_local_state", "wsrep_local_state (1 Joining, 2 Donor, 3 Joined, 4 Synced).", status.LocalState);
        Gauge("meridian_wsrep_cluster_size", "wsrep_cluster_size: members in the component.", status.ClusterSize);
        Gauge("meridian_wsrep_last_committed", "wsrep_last_committed: seqno of the last committed write-set.", status.LastCommitted);
        Gauge("meridian_wsrep_local_index", "wsrep_local_index: this node's index in the component.", status.LocalIndex);
        Gauge("meridian_wsrep_flow_control_paused", "wsrep_flow_control_paused: fraction of time paused by flow control.", status.FlowControlPaused);
        Gauge("meridian_wsrep_gmcast_segment", "wsrep_gmcast_segment: this node's WAN segment.", status.GmcastSegment);
        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
