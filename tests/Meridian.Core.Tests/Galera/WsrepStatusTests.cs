using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed class WsrepStatusTests
{
    [Fact]
    public void Given_mariadb_batch_output_When_parsed_Then_every_variable_is_read()
    {
        const string output = "wsrep_cluster_size\t3\nwsrep_cluster_state_uuid\ta602d575-77e6-4bac-92b4-093ebf88d790\nwsrep_cluster_status\tPrimary\n" +
            "wsrep_flow_control_paused\t0.25\nwsrep_gmcast_segment\t2\nwsrep_last_committed\t17\nwsrep_local_index\t1\nwsrep_local_state\t4\n" +
            "wsrep_local_state_comment\tSynced\nwsrep_ready\tON\nwsrep_other\tx\nwsrep_incoming_addresses\t192.168.1.20:3306\n" +
            "wsrep_local_send_queue\t3\nwsrep_local_recv_queue\t4\nwsrep_local_cert_failures\t5\nwsrep_local_bf_aborts\t6\n" +
            "wsrep_local_commits\t7\nwsrep_replicated_bytes\t8000\nwsrep_received_bytes\t9000\nwsrep_flow_control_paused_ns\t1500000000\n" +
            "wsrep_flow_control_sent\t10\nwsrep_flow_control_recv\t11\n";
        var status = WsrepStatus.ParseTabular(output);
        Assert.Equal(
            new WsrepStatus(
                "Synced", "Primary", 3, "a602d575-77e6-4bac-92b4-093ebf88d790", 17, 1, 0.25, true, 2, 4, "192.168.1.20:3306",
                LocalSendQueue: 3, LocalRecvQueue: 4, LocalCertFailures: 5, LocalBfAborts: 6, LocalCommits: 7, ReplicatedBytes: 8000,
                ReceivedBytes: 9000, FlowControlPausedNs: 1_500_000_000, FlowControlSent: 10, FlowControlRecv: 11),
            status);
    }

    [Fact]
    public void Given_no_variables_When_parsed_Then_numbers_are_minus_one_counters_zero_and_flags_off()
    {
        var status = WsrepStatus.ParseTabular(string.Empty);
        Assert.Equal(-1, status.ClusterSize);
        Assert.Equal((0L, 0L, 0L, 0L), (status.LocalSendQueue, status.LocalCertFailures, status.ReplicatedBytes, status.FlowControlPausedNs));
        Assert.False(status.Ready);
        Assert.False(status.IsPrimary);
    }

    [Fact]
    public void Given_the_query_When_built_Then_it_reads_every_variable_the_record_holds()
    {
        Assert.Equal(21, WsrepStatus.VariableNames.Count);
        Assert.Equal(WsrepStatus.VariableNames.Count, WsrepStatus.VariableNames.Distinct().Count());
        Assert.Contains("wsrep_flow_control_paused_ns", WsrepStatus.VariableNames);
        Assert.Contains("wsrep_local_cert_failures", WsrepStatus.VariableNames);
    }
}
