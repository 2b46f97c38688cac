using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed class WsrepMetricsRendererTests
{
    [Fact]
    public void Given_a_synced_node_When_rendered_Then_each_gauge_has_help_type_and_labels()
    {
        var status = new WsrepStatus("Synced", "Primary", 3, "u", 17, 1, 0.5, true, 2, 4);
        var text = WsrepMetricsRenderer.Render("us-east-1-db1", "us-east-1", processAlive: true, status);
        Assert.Contains("# TYPE meridian_wsrep_cluster_size gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("meridian_wsrep_cluster_size{node=\"us-east-1-db1\",region=\"us-east-1\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("meridian_wsrep_flow_control_paused{node=\"us-east-1-db1\",region=\"us-east-1\"} 0.5\n", text, StringComparison.Ordinal);
        Assert.Contains("meridian_wsrep_synced{node=\"us-east-1-db1\",region=\"us-east-1\"} 1\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var samples = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var types = text.Split('\n').Count(l => l.StartsWith("# TYPE", StringComparison.Ordinal));
        Assert.Equal(types, samples.Count);
    }

    [Fact]
    public void Given_no_answer_When_rendered_Then_only_process_gauges_appear()
    {
        var text = WsrepMetricsRenderer.Render("n\"1", "r", processAlive: false, status: null);
        Assert.Contains("meridian_mariadbd_up{node=\"n\\\"1\",region=\"r\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wsrep", text, StringComparison.Ordinal);
    }
}
