using Meridian.Core.Dashboard;
using Meridian.Core.Metrics;

namespace Meridian.Core.Tests.Dashboard;

public sealed class MetricsNodeStateTests
{
    private const string Synced = """
        meridian_mariadbd_up{node="a-db1",region="a"} 1
        meridian_mariadbd_answering{node="a-db1",region="a"} 1
        meridian_wsrep_ready{node="a-db1",region="a"} 1
        meridian_wsrep_cluster_status_primary{node="a-db1",region="a"} 1
        meridian_wsrep_local_state{node="a-db1",region="a"} 4
        meridian_wsrep_cluster_size{node="a-db1",region="a"} 3
        meridian_wsrep_last_committed{node="a-db1",region="a"} 1234
        meridian_wsrep_gmcast_segment{node="a-db1",region="a"} 2
        meridian_wsrep_flow_control_paused_ratio{node="a-db1",region="a"} 0.25
        meridian_wsrep_local_send_queue_length{node="a-db1",region="a"} 3
        meridian_wsrep_local_recv_queue_length{node="a-db1",region="a"} 7
        meridian_wsrep_local_cert_failures_total{node="a-db1",region="a"} 11
        """;

    [Fact]
    public void A_synced_node_reads_every_field_from_its_metrics()
    {
        var node = MetricsNodeState.Map("a-db1", "a", "10.0.1.20", 1, PrometheusTextParser.Parse(Synced), null);

        Assert.Equal(("Synced", true, "Primary", 3, 1234L, true, 2), (node.State, node.Primary, node.ClusterStatus, node.ClusterSize, node.LastCommitted, node.Ready, node.Segment));
        Assert.Equal((0.25, 3L, 7L, 11L), (node.FlowControlPaused, node.SendQueue!.Value, node.ReceiveQueue!.Value, node.CertificationFailures!.Value));
    }

    [Theory]
    [InlineData(0, "Initialized")]
    [InlineData(1, "Joining")]
    [InlineData(2, "Donor/Desynced")]
    [InlineData(3, "Joined")]
    [InlineData(4, "Synced")]
    [InlineData(9, "state 9")]
    public void Local_state_numbers_name_galeras_states(int state, string name) => Assert.Equal(name, MetricsNodeState.StateName(state));

    [Fact]
    public void A_node_outside_the_primary_component_is_non_primary()
    {
        var samples = PrometheusTextParser.Parse(Synced.Replace("primary{node=\"a-db1\",region=\"a\"} 1", "primary{node=\"a-db1\",region=\"a\"} 0", StringComparison.Ordinal)
            .Replace("local_state{node=\"a-db1\",region=\"a\"} 4", "local_state{node=\"a-db1\",region=\"a\"} 0", StringComparison.Ordinal));

        var node = MetricsNodeState.Map("a-db1", "a", "10.0.1.20", 1, samples, null);

        Assert.Equal(("Initialized", false, "non-Primary"), (node.State, node.Primary, node.ClusterStatus));
    }

    [Theory]
    [InlineData("meridian_mariadbd_up 1\nmeridian_mariadbd_answering 0\n", "stopped", "does not answer yet")]
    [InlineData("meridian_mariadbd_up 0\nmeridian_mariadbd_answering 0\n", "stopped", "not running")]
    public void A_node_whose_mariadbd_does_not_answer_is_stopped_with_why(string metrics, string state, string detail)
    {
        var node = MetricsNodeState.Map("a-db1", "a", "10.0.1.20", 1, PrometheusTextParser.Parse(metrics), null);

        Assert.Equal(state, node.State);
        Assert.Contains(detail, node.Detail, StringComparison.Ordinal);
        Assert.False(node.Primary);
    }

    [Fact]
    public void An_unreachable_agent_is_no_report_with_the_reason()
    {
        var node = MetricsNodeState.Map("a-db1", "a", "10.0.1.20", 1, null, "a-db1 (10.0.1.20): the connection dropped");

        Assert.Equal((DashboardNode.NoReport, "a-db1 (10.0.1.20): the connection dropped"), (node.State, node.Detail));
    }
}
