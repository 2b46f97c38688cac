using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Rendering;

public sealed class ClusterRendererTests
{
    [Fact]
    public void Given_the_default_plan_When_rendered_Then_every_config_file_and_nothing_else_is_produced()
    {
        var plan = RenderFixture.DefaultPlan;

        var rendered = RenderFixture.RenderDefault();

        var expected = plan.Files.Where(f => ClusterRenderer.IsConfigKind(f.Kind)).Select(f => (f.Host, f.Path)).ToList();
        Assert.Equal(expected, rendered.Select(f => (f.Host, f.Path)).ToList());
        Assert.DoesNotContain(rendered, f => f.Path.EndsWith(".key", StringComparison.Ordinal) || f.Path.EndsWith(".crt", StringComparison.Ordinal));
        Assert.All(rendered, f => Assert.EndsWith("\n", f.Content, StringComparison.Ordinal));
        Assert.All(rendered, f => Assert.DoesNotContain("\r", f.Content, StringComparison.Ordinal));
    }

    [Fact]
    public void Given_files_that_hold_secrets_When_rendered_Then_their_mode_is_0600_or_0640_for_the_daemon_that_reads_them()
    {
        var rendered = RenderFixture.RenderDefault();

        // my.cnf carries the SST password that mariadbd's SST scripts read as mysql: root:mysql 0640 (the plan's group).
        Assert.All(rendered.Where(f => f.Path == "my.cnf"), f => Assert.Equal(PlannedFile.GroupReadableMode, f.Mode));
        Assert.All(rendered.Where(f => f.Path == "legacy/ipsec.secrets"), f => Assert.Equal(PlannedFile.SecretMode, f.Mode));
        Assert.All(rendered.Where(f => f.Path is "haproxy.cfg" or "etcd.conf.yml"), f => Assert.Equal(PlannedFile.GroupReadableMode, f.Mode));
    }

    [Fact]
    public void Given_every_rendered_file_When_it_names_a_file_in_a_host_directory_Then_the_plan_provides_that_file()
    {
        var plan = RenderFixture.DefaultPlan;
        foreach (var file in RenderFixture.RenderDefault())
        {
            var hostRoot = RenderFixture.Layout.ForHost(file.Host).Root + "/";
            var referenced = file.Content
                .Split(['\n', ' ', '"', '\'', ';', ',', '=', '[', ']'], StringSplitOptions.RemoveEmptyEntries)
                .Where(token => token.StartsWith(hostRoot, StringComparison.Ordinal))
                .Select(token => token[hostRoot.Length..])
                .Where(rel => rel.StartsWith("tls/", StringComparison.Ordinal) || rel is "my.cnf" or "strongswan.conf");
            foreach (var relative in referenced)
            {
                Assert.True(
                    plan.FilesFor(file.Host).Any(f => f.Path == relative),
                    $"{file.Host}/{file.Path} refers to {relative}, which the plan does not list for {file.Host}");
            }
        }
    }

    [Fact]
    public void Given_a_region_with_an_arbitrator_When_rendered_Then_garbd_conf_joins_the_same_group_and_segment_over_TLS()
    {
        var plan = Planner.Plan(RenderFixture.WithRegions(3, arbitratorInLast: true));
        var arbitrator = plan.Arbitrators.Single();
        var region = plan.Region(arbitrator.Region);

        var rendered = ClusterRenderer.Render(plan, RenderFixture.Layout, RenderFixture.Secrets);

        var garbd = rendered.Single(arbitrator.Name, "garbd.conf").Content;
        Assert.Contains($"group={plan.Cluster}\n", garbd, StringComparison.Ordinal);
        Assert.Contains($"address=gcomm://10.1.0.20,10.2.0.20,{arbitrator.LanAddress}\n", garbd, StringComparison.Ordinal);
        Assert.Contains($"options=gmcast.segment={region.Segment};socket.ssl_cert=", garbd, StringComparison.Ordinal);
        Assert.Contains($"evs.suspect_timeout={GaleraPeriod.Format(plan.Tuning.Galera.SuspectTimeout)};", garbd, StringComparison.Ordinal);
        var myCnf = rendered.Single("region-1-db1", "my.cnf").Content;
        Assert.Contains($"wsrep_cluster_address=gcomm://10.1.0.20,10.2.0.20,{arbitrator.LanAddress}\n", myCnf, StringComparison.Ordinal);
        var agent = rendered.Single("region-1-db1", "agent.json").Content;
        Assert.Contains("\"expectedClusterSize\": 3", agent, StringComparison.Ordinal);
        Assert.Equal(3, plan.GaleraMembers);

        // garbd uses the arbitrator host's own certificate from the Galera CA, as the data nodes do.
        var tls = RenderFixture.Layout.ForHost(arbitrator.Name);
        Assert.Contains($"socket.ssl_cert={tls.File("tls/galera.crt")};socket.ssl_key={tls.File("tls/galera.key")};socket.ssl_ca={tls.File("tls/galera-ca.crt")}", garbd, StringComparison.Ordinal);
        Assert.Contains(plan.Certificates, c => c.Name == $"galera-{arbitrator.Name}" && c.Host == arbitrator.Name && c.Domain == TrustDomain.Galera);
    }

    [Fact]
    public void Given_the_fast_preset_When_my_cnf_is_rendered_Then_it_relaxes_flushing_and_says_what_it_risks()
    {
        var spec = ClusterSpec.Default with { Galera = GaleraSpec.Default with { Durability = Durability.Fast } };
        var plan = Planner.Plan(spec);

        var myCnf = ClusterRenderer.Render(plan, RenderFixture.Layout, RenderFixture.Secrets).Single("us-east-1-db1", "my.cnf").Content;

        Assert.Contains("innodb_flush_log_at_trx_commit=2\n", myCnf, StringComparison.Ordinal);
        Assert.Contains("ACKNOWLEDGED commits is lost", myCnf, StringComparison.Ordinal);
        Assert.Contains("Jepsen (2026)", myCnf, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_each_region_When_haproxy_cfg_is_rendered_Then_local_nodes_are_primary_and_remote_nodes_are_backups_nearest_first()
    {
        var plan = RenderFixture.DefaultPlan;

        var cfg = HaproxyConfigRenderer.Render(plan, plan.Region("us-west-2"), RenderFixture.Layout.ForHost("us-west-2-vpn"));

        var servers = cfg.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("server ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, servers.Count);
        Assert.StartsWith("server us-west-2-db1 192.168.2.20:3306 check port 9200 inter 1s fastinter 250ms fall 2 rise 2 on-marked-down shutdown-sessions", servers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("backup", servers[0], StringComparison.Ordinal);
        // us-west-2 → us-east-1 is 65 ms, → ap-northeast-1 is 100 ms.
        Assert.StartsWith("server us-east-1-db1 ", servers[1], StringComparison.Ordinal);
        Assert.EndsWith(" backup", servers[1], StringComparison.Ordinal);
        Assert.StartsWith("server ap-northeast-1-db1 ", servers[2], StringComparison.Ordinal);
        Assert.Contains("bind 192.168.2.10:3306\n", cfg, StringComparison.Ordinal);
        Assert.Contains("option httpchk GET /\n", cfg, StringComparison.Ordinal);
        Assert.DoesNotContain("\n    daemon", cfg, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_agent_json_When_deserialized_with_the_source_generated_context_Then_it_round_trips()
    {
        var plan = RenderFixture.DefaultPlan;
        var node = plan.Host("us-east-1-db1");
        var layout = RenderFixture.Layout.ForHost(node.Name);

        var json = AgentConfigRenderer.Render(plan, node, layout);
        var host = System.Text.Json.JsonSerializer.Deserialize(json, AgentConfigJsonContext.Default.HostAgentConfig);
        Assert.NotNull(host);
        var parsed = host.Node;

        var expected = AgentConfigRenderer.Build(plan, node, layout);
        Assert.NotNull(parsed);
        Assert.Equal(expected with { Etcd = expected.Etcd with { Endpoints = [] }, Members = [] }, parsed with { Etcd = parsed.Etcd with { Endpoints = [] }, Members = [] });
        Assert.Equal(expected.Etcd.Endpoints.ToArray(), parsed.Etcd.Endpoints.ToArray());
        Assert.Equal(expected.Members.ToArray(), parsed.Members.ToArray());
        Assert.Equal(["us-east-1-db1", "us-west-2-db1", "ap-northeast-1-db1"], parsed.Members.Select(m => m.Name).ToArray());
        Assert.Equal(["https://192.168.1.20:2379", "https://192.168.2.20:2379", "https://192.168.3.20:2379"], parsed.Etcd.Endpoints.ToArray());
    }

    [Theory]
    [InlineData("us-east-1-vpn")]
    [InlineData("us-east-1-db1")]
    [InlineData("region-3-arb")]
    public void Given_any_host_When_its_agent_json_is_read_back_Then_it_carries_the_planned_daemon_set_unchanged(string hostName)
    {
        var plan = hostName.StartsWith("region-", StringComparison.Ordinal) ? Planner.Plan(RenderFixture.WithRegions(3, arbitratorInLast: true)) : RenderFixture.DefaultPlan;
        var host = plan.Host(hostName);
        var layout = RenderFixture.Layout.ForHost(hostName);

        var parsed = System.Text.Json.JsonSerializer.Deserialize(AgentConfigRenderer.Render(plan, host, layout), AgentConfigJsonContext.Default.HostAgentConfig);

        Assert.NotNull(parsed);
        var planned = Meridian.Core.Hosts.HostDaemonPlanner.Plan(plan, host, layout);
        Assert.Equal(Meridian.Core.Hosts.HostDaemonSetText.Render(planned), Meridian.Core.Hosts.HostDaemonSetText.Render(parsed.DaemonSet()));
        Assert.Equal(host.Is(HostRole.GaleraNode), parsed.Node is not null);
        Assert.Equal(host.Is(HostRole.GaleraNode) || host.Is(HostRole.Arbitrator), parsed.Etcd is not null);
        Assert.Equal((host.LanAddress, plan.Ports.AgentHttp), (parsed.Http.Address, parsed.Http.Port));
    }
}
