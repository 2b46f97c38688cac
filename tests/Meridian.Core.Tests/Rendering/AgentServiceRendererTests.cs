using Meridian.Core.Rendering;

namespace Meridian.Core.Tests.Rendering;

public sealed class AgentServiceRendererTests
{
    [Fact]
    public void Given_a_cluster_When_its_unit_is_rendered_Then_the_agent_runs_from_the_shared_binary_with_the_clusters_config()
    {
        var unit = AgentServiceRenderer.Unit("prod");

        Assert.Contains("ExecStart=/usr/local/lib/meridian/meridian-agent --config /var/lib/meridian/prod/agent.json", unit, StringComparison.Ordinal);
        Assert.Contains("Restart=always", unit, StringComparison.Ordinal);
        Assert.Contains("KillMode=mixed", unit, StringComparison.Ordinal);
        Assert.Equal("/etc/systemd/system/meridian-agent-prod.service", RemoteLayout.UnitPath("prod"));
    }

    [Fact]
    public void Given_two_clusters_When_rc_local_lines_are_rendered_Then_each_carries_its_own_marker()
    {
        var prod = AgentServiceRenderer.RcLocalLine("prod");
        var test = AgentServiceRenderer.RcLocalLine("test");

        Assert.EndsWith(AgentServiceRenderer.RcLocalMarker("prod"), prod, StringComparison.Ordinal);
        Assert.DoesNotContain(AgentServiceRenderer.RcLocalMarker("prod"), test, StringComparison.Ordinal);
        Assert.Contains(" & ", prod, StringComparison.Ordinal); // backgrounded: rc.local must return
    }

    [Fact]
    public void Given_no_systemd_When_the_agent_is_started_Then_it_runs_in_its_own_session_and_its_pid_is_recorded_where_down_reads_it()
    {
        var start = AgentServiceRenderer.StartCommand("prod");

        Assert.StartsWith($"setsid {RemoteLayout.AgentBinary} --config /var/lib/meridian/prod/agent.json ", start, StringComparison.Ordinal);
        Assert.Contains(">>/var/lib/meridian/prod/log/agent.stdout 2>&1 </dev/null & ", start, StringComparison.Ordinal);
        Assert.EndsWith($"echo $! >{RemoteLayout.AgentPidFile("prod")}", start, StringComparison.Ordinal);
        Assert.Equal("/var/lib/meridian/prod/run/agent.pid", RemoteLayout.AgentPidFile("prod"));
        Assert.StartsWith(start, AgentServiceRenderer.RcLocalLine("prod"), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_remote_layout_When_a_plan_is_rendered_with_it_Then_paths_in_the_files_point_under_the_remote_root()
    {
        var plan = Meridian.Core.Planning.Planner.Plan(Meridian.Core.Spec.ClusterSpec.Default);

        var files = ClusterRenderer.Render(plan, _ => RemoteLayout.ForCluster(plan.Cluster), new Meridian.Core.Planning.ClusterSecrets("s", "a"));

        var cnf = files.Single(f => f.Host == "us-east-1-db1" && f.Path == "my.cnf").Content;
        Assert.Contains("datadir=/var/lib/meridian/demo/data/mysql", cnf, StringComparison.Ordinal);
        Assert.DoesNotContain("hosts/", cnf, StringComparison.Ordinal);
    }
}
