using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Tests.Rendering;
using Meridian.Runtime.Hosts;

namespace Meridian.Core.Tests.Hosts;

/// <summary>The exec chain <see cref="DaemonLaunchCommand"/> builds from a definition, argument by argument.</summary>
public sealed class DaemonLaunchCommandTests
{
    private static readonly HostLayout Router = RenderFixture.Layout.ForHost("us-east-1-vpn");

    [Fact]
    public void Given_the_planned_charon_When_launched_through_its_namespace_Then_the_log_opens_first_the_run_dir_is_bound_on_run_and_charon_is_execed()
    {
        var command = DaemonLaunchCommand.Build(HostDaemonPlanner.Charon(Router), HostContext.Through("mrd-demo--us-east-1-vpn"));

        Assert.Equal("/bin/sh", command.Program);
        Assert.Equal(
            [
                "-c", "umask 027; log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1", "meridian-charon", Router.LogDir + "/charon.stdout",
                "ip", "netns", "exec", "mrd-demo--us-east-1-vpn",
                "unshare", "--mount", "--propagation", "private",
                "/bin/sh", "-c", "while [ \"$1\" != -- ]; do mount --bind \"$1\" \"$2\" || exit 1; shift 2; done; shift; exec \"$@\"", "meridian-mounts", Router.RunDir, "/run", "--",
                "/usr/lib/ipsec/charon",
            ],
            command.Arguments.AsEnumerable());
        Assert.Equal(
            [new("PATH", DaemonLaunchCommand.SearchPath), new("STRONGSWAN_CONF", Router.File("strongswan.conf"))],
            command.Environment.AsEnumerable());
    }

    [Fact]
    public void Given_haproxy_as_the_haproxy_user_When_launched_inside_the_host_Then_setpriv_drops_to_its_ids_right_before_haproxy()
    {
        var plan = RenderFixture.DefaultPlan;
        var haproxy = HostDaemonPlanner.Haproxy(plan, plan.Host("us-east-1-vpn"), Router) with { User = new RunAs("haproxy") };

        var command = DaemonLaunchCommand.Build(haproxy, HostContext.Inside, ids: (107, 113));

        Assert.Equal(
            [
                "-c", "umask 027; log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1", "meridian-haproxy", Router.LogDir + "/haproxy.log",
                "setpriv", "--reuid=107", "--regid=113", "--init-groups", "--",
                "/usr/sbin/haproxy", "-W", "-db", "-f", Router.File("haproxy.cfg"),
            ],
            command.Arguments.AsEnumerable());
    }

    [Fact]
    public void Given_mariadbd_When_the_agent_launches_it_with_extra_arguments_Then_defaults_file_stays_first_output_goes_nowhere_and_no_umask_is_set()
    {
        var node = RenderFixture.Layout.ForHost("us-east-1-db1");

        var command = DaemonLaunchCommand.Build(HostDaemonPlanner.Mariadbd(node), HostContext.Inside, ["--wsrep-new-cluster"]);

        Assert.Equal(
            ["-c", "log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1", "meridian-mariadbd", "/dev/null", "mariadbd", $"--defaults-file={node.File("my.cnf")}", "--wsrep-new-cluster"],
            command.Arguments.AsEnumerable());
    }

    [Fact]
    public void Given_a_user_without_ids_When_built_Then_it_is_refused()
    {
        var daemon = new DaemonDefinition("etcd", "/usr/bin/etcd") { User = new RunAs("etcd") };

        Assert.Throws<ArgumentException>(() => DaemonLaunchCommand.Build(daemon, HostContext.Inside));
    }
}
