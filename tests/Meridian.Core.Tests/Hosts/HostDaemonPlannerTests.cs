using System.Runtime.CompilerServices;
using System.Text;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Core.Tests.Rendering;

namespace Meridian.Core.Tests.Hosts;

/// <summary>
/// Every host's daemon set for the default plan and for a plan with an arbitrator region, against
/// tests/Meridian.Core.Tests/Hosts/Golden/PLAN/HOST.txt (<see cref="HostDaemonSetText"/>), laid out under
/// /var/lib/meridian/demo like the rendered golden files. Set UPDATE_GOLDEN=1 to rewrite them, then review the diff.
/// </summary>
public sealed class HostDaemonPlannerTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    private static ClusterPlan DefaultPlan => Planner.Plan(ClusterSpec.Default);

    /// <summary>region-1 and region-2 with one node each, region-3 with garbd only (its arbitrator host is also its etcd member).</summary>
    private static ClusterPlan ArbitratorPlan => Planner.Plan(RenderFixture.WithRegions(3, arbitratorInLast: true));

    private static HostDaemonSet SetOf(ClusterPlan plan, string host, HostDaemonOptions? options = null) =>
        HostDaemonPlanner.Plan(plan, plan.Host(host), RenderFixture.Layout.ForHost(host), options);

    [Theory]
    [InlineData("default")]
    [InlineData("arbitrator")]
    public void Given_a_plan_When_every_host_is_planned_Then_each_set_matches_its_golden_copy(string name)
    {
        var plan = name == "default" ? DefaultPlan : ArbitratorPlan;
        var mismatches = new List<string>();
        foreach (var host in plan.Hosts)
        {
            var text = HostDaemonSetText.Render(SetOf(plan, host.Name));
            var golden = Path.Combine(GoldenRoot(), name, host.Name + ".txt");
            if (Update)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
                File.WriteAllText(golden, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            else if (!File.Exists(golden))
            {
                mismatches.Add($"{golden}: no golden file (run with UPDATE_GOLDEN=1)");
            }
            else if (File.ReadAllText(golden) != text)
            {
                mismatches.Add($"{golden}: differs (run with UPDATE_GOLDEN=1 and review the diff)");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Theory]
    [InlineData("default", "us-east-1-vpn", "charon haproxy")]
    [InlineData("default", "us-east-1-db1", "etcd mariadbd")]
    [InlineData("default", "ap-northeast-1-vpn", "charon haproxy")]
    [InlineData("default", "ap-northeast-1-db1", "etcd mariadbd")]
    [InlineData("arbitrator", "region-1-vpn", "charon haproxy")]
    [InlineData("arbitrator", "region-1-db1", "etcd mariadbd")]
    [InlineData("arbitrator", "region-3-vpn", "charon haproxy")]
    [InlineData("arbitrator", "region-3-arb", "etcd garbd")]
    public void Given_a_host_When_planned_Then_its_daemons_follow_its_roles_in_start_order(string plan, string host, string expected)
    {
        var set = SetOf(plan == "default" ? DefaultPlan : ArbitratorPlan, host);

        Assert.Equal(expected.Split(' '), set.Daemons.Select(d => d.Name));
        Assert.Equal(expected.Split(' ').Reverse(), set.StopOrder.Select(d => d.Name));
    }

    [Fact]
    public void Given_a_second_node_in_a_region_When_planned_Then_it_runs_mariadbd_alone_without_a_dependency()
    {
        var spec = ClusterSpec.Default with { Regions = [.. ClusterSpec.Default.Regions.Select((r, i) => i == 0 ? r with { Nodes = 2 } : r)] };
        var set = SetOf(Planner.Plan(spec), "us-east-1-db2");

        Assert.Equal([DaemonNames.Mariadbd], set.Daemons.Select(d => d.Name));
        Assert.Empty(set[DaemonNames.Mariadbd].DependsOn);
    }

    [Fact]
    public void Given_a_region_without_nodes_or_arbitrator_When_planned_Then_its_router_also_runs_etcd_independently()
    {
        var spec = RenderFixture.WithRegions(2) is var s
            ? s with { Regions = [s.Regions[0], s.Regions[1] with { Nodes = 0, Arbitrator = false }] }
            : throw new InvalidOperationException();
        var set = SetOf(Planner.Plan(spec), "region-2-vpn");

        Assert.Equal(["charon", "haproxy", "etcd"], set.Daemons.Select(d => d.Name));
        Assert.All(set.Daemons, d => Assert.Empty(d.DependsOn));
    }

    [Fact]
    public void Given_a_router_When_planned_Then_charon_is_launched_as_CharonLauncher_does()
    {
        var layout = RenderFixture.Layout.ForHost("us-east-1-vpn");
        var charon = SetOf(DefaultPlan, "us-east-1-vpn")[DaemonNames.Charon];

        Assert.Equal("/usr/lib/ipsec/charon", charon.Program);
        Assert.Empty(charon.Arguments.AsEnumerable());
        Assert.Equal(layout.File("strongswan.conf"), charon.Environment["STRONGSWAN_CONF"]);
        Assert.Equal([new BindMount(layout.RunDir, "/run")], charon.Isolation!.BindMounts.AsEnumerable());
        Assert.Equal(Path.Combine(layout.RunDir, "charon.pid"), charon.PidFile);
        Assert.Equal([Path.Combine(layout.RunDir, "charon.vici")], charon.StaleFiles.AsEnumerable());
        Assert.Equal(ReadinessProbe.UnixSocket(Path.Combine(layout.RunDir, "charon.vici")), charon.Readiness);
        Assert.Equal(Path.Combine(layout.LogDir, "charon.stdout"), charon.LogFile);
        Assert.Equal(DaemonDefinition.DefaultUmask, charon.Umask);
        Assert.Null(charon.User);
    }

    [Fact]
    public void Given_a_router_When_planned_Then_haproxy_runs_in_the_foreground_master_worker_mode_checked_first_and_depends_on_nothing()
    {
        var layout = RenderFixture.Layout.ForHost("us-east-1-vpn");
        var haproxy = SetOf(DefaultPlan, "us-east-1-vpn")[DaemonNames.Haproxy];

        Assert.Equal("/usr/sbin/haproxy", haproxy.Program);
        Assert.Equal(["-W", "-db", "-f", layout.File("haproxy.cfg")], haproxy.Arguments.AsEnumerable());
        Assert.Equal($"/usr/sbin/haproxy -c -q -f {layout.File("haproxy.cfg")}", Assert.Single(haproxy.PreStart).ToString());
        Assert.Equal(ReadinessProbe.AllOf(ReadinessProbe.TcpListening("192.168.1.10", 3306), ReadinessProbe.HasChildProcess()).Describe(), haproxy.Readiness.Describe());
        Assert.Equal(Path.Combine(layout.RunDir, "haproxy", "haproxy.pid"), haproxy.PidFile);
        Assert.Empty(haproxy.DependsOn.AsEnumerable());
    }

    [Fact]
    public void Given_the_default_options_When_planned_Then_etcd_and_haproxy_run_as_their_users_own_what_they_write_and_read_their_files_through_their_group()
    {
        var etcd = SetOf(DefaultPlan, "us-west-2-db1")[DaemonNames.Etcd];
        var haproxy = SetOf(DefaultPlan, "us-west-2-vpn")[DaemonNames.Haproxy];
        var db = RenderFixture.Layout.ForHost("us-west-2-db1");
        var router = RenderFixture.Layout.ForHost("us-west-2-vpn");

        Assert.Equal(new RunAs("etcd"), etcd.User);
        Assert.Equal(new RunAs("haproxy"), haproxy.User);
        var dataDir = Assert.Single(etcd.Directories);
        Assert.Equal((db.DataDir("etcd"), true), (dataDir.Path, dataDir.OwnedByDaemon));
        Assert.Equal("0700", DaemonDirectory.Octal(dataDir.Mode));

        // etcd logs to stderr, which root's launch shell appends to log/etcd.log (docs/security.md).
        Assert.Equal(Path.Combine(db.LogDir, "etcd.log"), etcd.LogFile);
        Assert.Empty(etcd.OwnLogFiles.AsEnumerable());
        Assert.Equal(
            [db.File("etcd.conf.yml"), db.File("tls/etcd.key"), db.File("tls/etcd-peer.key")],
            etcd.GroupFiles.Select(f => f.Path));
        Assert.All(etcd.GroupFiles, f => Assert.Equal(("etcd", "0640"), (f.Group, DaemonDirectory.Octal(f.Mode))));

        var run = Assert.Single(haproxy.Directories, d => d.OwnedByDaemon);
        Assert.Equal((Path.Combine(router.RunDir, "haproxy"), "0700"), (run.Path, DaemonDirectory.Octal(run.Mode)));
        Assert.Equal(new DaemonFile(router.File("haproxy.cfg"), (UnixFileMode)Convert.ToInt32("640", 8), "haproxy"), Assert.Single(haproxy.GroupFiles));
    }

    [Fact]
    public void Given_root_options_When_planned_Then_etcd_and_haproxy_run_as_root_and_no_file_changes_group()
    {
        var options = HostDaemonOptions.Default with { EtcdUser = null, HaproxyUser = null };
        var etcd = SetOf(DefaultPlan, "us-west-2-db1", options)[DaemonNames.Etcd];

        Assert.Null(etcd.User);
        Assert.Empty(etcd.GroupFiles.AsEnumerable());
    }

    [Fact]
    public void Given_an_arbitrator_When_planned_Then_garbd_waits_for_the_Primary_condition_after_its_hosts_etcd()
    {
        var garbd = SetOf(ArbitratorPlan, "region-3-arb")[DaemonNames.Garbd];

        Assert.Equal([StartCondition.ArbitratorMayJoin], garbd.Conditions.AsEnumerable());
        Assert.Equal([DaemonNames.Etcd], garbd.DependsOn.AsEnumerable());
        Assert.Equal(RenderFixture.Layout.ForHost("region-3-arb").DataDir("garbd"), garbd.WorkingDirectory);
        Assert.Equal(["--cfg", RenderFixture.Layout.ForHost("region-3-arb").File("garbd.conf")], garbd.Arguments.AsEnumerable());
        Assert.Equal(ReadinessProbe.TcpListening("10.3.0.30", 4567), garbd.Readiness);
        Assert.True(garbd.RunnerStarts);
    }

    [Fact]
    public void Given_a_galera_node_When_planned_Then_mariadbd_is_left_to_the_agent()
    {
        var layout = RenderFixture.Layout.ForHost("us-east-1-db1");
        var mariadbd = SetOf(DefaultPlan, "us-east-1-db1")[DaemonNames.Mariadbd];

        Assert.IsType<SupervisedByAgent>(mariadbd.Restart);
        Assert.False(mariadbd.RunnerStarts);
        Assert.Equal([$"--defaults-file={layout.File("my.cnf")}"], mariadbd.Arguments.AsEnumerable());
        Assert.Null(mariadbd.LogFile);
        Assert.Null(mariadbd.Umask);
        Assert.Equal(TimeSpan.FromSeconds(120), mariadbd.StopGrace);
        Assert.Equal([DaemonNames.Etcd], mariadbd.DependsOn.AsEnumerable());
    }

    private static string GoldenRoot([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden");
}
