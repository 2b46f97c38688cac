using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed class WsrepStatusTests
{
    [Fact]
    public void Given_mariadb_batch_output_When_parsed_Then_every_variable_is_read()
    {
        const string output = "wsrep_cluster_size\t3\nwsrep_cluster_state_uuid\ta602d575-77e6-4bac-92b4-093ebf88d790\nwsrep_cluster_status\tPrimary\n" +
            "wsrep_flow_control_paused\t0.25\nwsrep_gmcast_segment\t2\nwsrep_last_committed\t17\nwsrep_local_index\t1\nwsrep_local_state\t4\n" +
            "wsrep_local_state_comment\tSynced\nwsrep_ready\tON\nwsrep_other\tx\n";
        var status = WsrepStatus.ParseTabular(output);
        Assert.Equal(new WsrepStatus("Synced", "Primary", 3, "a602d575-77e6-4bac-92b4-093ebf88d790", 17, 1, 0.25, true, 2, 4), status);
    }

    [Fact]
    public void Given_no_variables_When_parsed_Then_numbers_are_minus_one_and_flags_off()
    {
        var status = WsrepStatus.ParseTabular(string.Empty);
        Assert.Equal(-1, status.ClusterSize);
        Assert.False(status.Ready);
        Assert.False(status.IsPrimary);
    }
}
