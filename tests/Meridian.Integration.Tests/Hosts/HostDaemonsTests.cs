using System.Diagnostics;
using System.Globalization;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;
using Meridian.Runtime.Hosts;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Hosts;

/// <summary>
/// <see cref="HostDaemons"/> on real daemons in their own namespace (<see cref="DaemonHostFixture"/>): a single etcd
/// member as Debian's etcd user, HAProxy as haproxy in front of it, and charon as the planner declares it. Each test
/// stops what it started; the fixture deletes the namespace and directory afterwards.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class HostDaemonsTests(DaemonHostFixture fixture, ITestOutputHelper output) : IClassFixture<DaemonHostFixture>
{
    private const int EtcdClient = 2379;
    private const int Frontend = 3306;

    [Fact]
    public async Task Given_haproxy_depending_on_etcd_When_started_and_stopped_Then_order_follows_dependencies_each_runs_as_its_user_and_nothing_is_left()
    {
        var root = fixture.NewHostDirectory("order");
        await using var daemons = Runner(root, Etcd(root), Haproxy(root) with { DependsOn = [DaemonNames.Etcd] });
        var changes = new SnapshotRecorder(daemons, fixture);
        await using (changes)
        {
            var watch = Stopwatch.StartNew();
            await daemons.StartAsync();
            output.WriteLine($"started in {watch.Elapsed.TotalSeconds:F2} s: {daemons.Current}");

            var etcd = daemons.Current[DaemonNames.Etcd];
            var haproxy = daemons.Current[DaemonNames.Haproxy];
            Assert.Equal((DaemonState.Ready, DaemonState.Ready), (etcd.State, haproxy.State));
            Assert.True(changes.IndexOf(DaemonNames.Etcd, DaemonState.Ready) < changes.IndexOf(DaemonNames.Haproxy, DaemonState.Starting), changes.Describe());

            // The PIDs are the daemons' own (every link of the launch chain execs), running as their users with their groups.
            Assert.Equal("etcd", Comm(etcd.Pid!.Value));
            Assert.Equal("haproxy", Comm(haproxy.Pid!.Value));
            var workers = ChildrenOf(haproxy.Pid.Value);
            Assert.NotEmpty(workers);
            var etcdIds = await IdsAsync("etcd");
            var haproxyIds = await IdsAsync("haproxy");
            AssertRunsAs(etcd.Pid.Value, etcdIds);
            AssertRunsAs(haproxy.Pid.Value, haproxyIds);
            Assert.All(workers, w => AssertRunsAs(w, haproxyIds));

            // Root opened the logs before dropping privileges: root's, 0640. etcd owns its data-dir, 0700.
            Assert.Equal((0, "640"), await StatAsync(Path.Combine(root, "log", "etcd.stdout")));
            Assert.Equal((0, "640"), await StatAsync(Path.Combine(root, "log", "haproxy.log")));
            Assert.Equal((etcdIds.Uid, "700"), await StatAsync(Path.Combine(root, "data", "etcd")));

            watch.Restart();
            await daemons.StopAsync();
            output.WriteLine($"stopped in {watch.Elapsed.TotalSeconds:F2} s: {changes.Describe()}");

            Assert.True(changes.IndexOf(DaemonNames.Haproxy, DaemonState.Stopped) < changes.IndexOf(DaemonNames.Etcd, DaemonState.Stopping), changes.Describe());
            Assert.All(daemons.Current.Daemons, d => Assert.Equal(DaemonState.Stopped, d.State));
            Assert.Empty(fixture.ProcessesUnderRoot());
            Assert.All(workers.Append(etcd.Pid.Value).Append(haproxy.Pid.Value), pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"PID {pid} still exists"));
        }
    }

    [Fact]
    public async Task Given_a_running_etcd_When_it_is_killed_twice_Then_it_is_restarted_with_a_growing_backoff_and_its_dependent_keeps_running()
    {
        var root = fixture.NewHostDirectory("restart");
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 2, TimeSpan.FromMinutes(5));
        await using var daemons = Runner(root, Etcd(root) with { Restart = RestartPolicy.Always(backoff) }, Haproxy(root) with { DependsOn = [DaemonNames.Etcd] });
        await using var changes = new SnapshotRecorder(daemons, fixture);
        await daemons.StartAsync();
        var haproxy = daemons.Current[DaemonNames.Haproxy].Pid;
        var delays = new List<TimeSpan>();

        for (var kill = 1; kill <= 2; kill++)
        {
            var before = daemons.Current[DaemonNames.Etcd];
            Assert.True(Signals.Send(new ProcessIdentity(before.Pid!.Value, before.StartTicks!.Value), Signals.SigKill));
            var exited = await daemons.WaitForAsync(DaemonNames.Etcd, d => d.LastExit is not null && d.State == DaemonState.Restarting).WaitAsync(TimeSpan.FromSeconds(10));
            var back = await daemons.WaitForAsync(DaemonNames.Etcd, d => d.State == DaemonState.Ready && d.Pid != before.Pid).WaitAsync(TimeSpan.FromSeconds(20));
            var restartedAt = changes.Changes.Last(c => c.Daemon == DaemonNames.Etcd && c.State == DaemonState.Starting).At;
            delays.Add(restartedAt - exited.LastExit!.At);
            output.WriteLine($"kill {kill}: {exited.LastExit}, {exited.Reason}; back as PID {back.Pid} after {delays[^1].TotalSeconds:F2} s, {back.Restarts} restarts");

            Assert.Equal(9, exited.LastExit.Signal);
            Assert.Equal(kill, back.Restarts);
        }

        // Backoff 1 s, then 2 s: the second death within the reset time counts as the second in a row.
        Assert.InRange(delays[0].TotalSeconds, 0.95, 1.8);
        Assert.InRange(delays[1].TotalSeconds, 1.95, 2.8);
        Assert.Equal(haproxy, daemons.Current[DaemonNames.Haproxy].Pid);
        Assert.Equal(DaemonState.Ready, daemons.Current[DaemonNames.Haproxy].State);
        await daemons.StopAsync();
        Assert.Empty(fixture.ProcessesUnderRoot());
    }

    [Fact]
    public async Task Given_a_probe_that_never_passes_When_started_Then_the_error_names_the_daemon_the_probe_and_its_log_and_nothing_is_left()
    {
        var root = fixture.NewHostDirectory("probe");
        var etcd = Etcd(root) with
        {
            Readiness = ReadinessProbe.TcpListening(DaemonHostFixture.Address, 1),
            ReadyTimeout = TimeSpan.FromSeconds(3),
            Restart = RestartPolicy.Never,
        };
        await using var daemons = Runner(root, etcd, Haproxy(root) with { DependsOn = [DaemonNames.Etcd] });
        await using var changes = new SnapshotRecorder(daemons, fixture);

        var error = await Assert.ThrowsAsync<DaemonStartException>(() => daemons.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        output.WriteLine(error.Message);

        Assert.Equal((DaemonHostFixture.Host, DaemonNames.Etcd), (error.Host, error.Daemon));
        Assert.StartsWith($"etcd on h1 was not ready within 3 s (PID ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"tcp {DaemonHostFixture.Address}:1 is listening never held", error.Message, StringComparison.Ordinal);
        Assert.Contains("ready to serve client requests", error.LogTail, StringComparison.Ordinal); // etcd's own words, from its log
        Assert.Equal(DaemonState.Failed, daemons.Current[DaemonNames.Etcd].State);
        Assert.Equal(DaemonState.Pending, daemons.Current[DaemonNames.Haproxy].State);
        Assert.Equal("waiting for etcd to be ready", daemons.Current[DaemonNames.Haproxy].Reason);
        var pid = changes.Changes.First(c => c.Daemon == DaemonNames.Etcd && c.State == DaemonState.Starting).Pid!.Value;
        Assert.False(Directory.Exists($"/proc/{pid}"), "the etcd that never became ready still runs");
        Assert.Empty(fixture.ProcessesUnderRoot());
    }

    [Fact]
    public async Task Given_the_planned_charon_When_killed_Then_its_private_run_keeps_its_pid_file_in_RunDir_and_the_restart_clears_the_stale_files()
    {
        var root = fixture.NewHostDirectory("charon");
        var layout = new HostLayout(root);
        var plan = Planner.Plan(ClusterSpec.Default);
        File.WriteAllText(layout.File(HostFilePaths.StrongswanConfig), StrongswanConfRenderer.Render(layout, plan.Tuning.Ike));
        var charon = HostDaemonPlanner.Charon(layout);
        await using var daemons = new HostDaemons(new HostDaemonSet(DaemonHostFixture.Host, [charon]), HostContext.Through(DaemonHostFixture.Namespace));
        await using var changes = new SnapshotRecorder(daemons, fixture);
        var rootPidFile = File.Exists("/run/charon.pid") ? File.ReadAllText("/run/charon.pid") : null;

        await daemons.StartAsync();
        var first = daemons.Current[DaemonNames.Charon];
        Assert.Equal("charon", Comm(first.Pid!.Value));
        Assert.Equal(first.Pid.ToString(), File.ReadAllText(charon.PidFile!).Trim()); // /run/charon.pid inside is RunDir/charon.pid
        Assert.Equal(rootPidFile, File.Exists("/run/charon.pid") ? File.ReadAllText("/run/charon.pid") : null); // the host's /run is untouched

        Assert.True(Signals.Send(new ProcessIdentity(first.Pid.Value, first.StartTicks!.Value), Signals.SigKill));
        await daemons.WaitForAsync(DaemonNames.Charon, d => d.State == DaemonState.Restarting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(File.Exists(charon.PidFile) && File.Exists(charon.StaleFiles[0]), "a killed charon leaves its pid file and vici socket");
        var second = await daemons.WaitForAsync(DaemonNames.Charon, d => d.State == DaemonState.Ready && d.Pid != first.Pid).WaitAsync(TimeSpan.FromSeconds(20));
        var exitedAt = changes.Changes.First(c => c.Daemon == DaemonNames.Charon && c.State == DaemonState.Exited).At;
        output.WriteLine($"charon {first.Pid} killed, {second.Pid} ready {(second.Since - exitedAt).TotalSeconds:F2} s after its exit: {changes.Describe()}");

        Assert.Equal(1, second.Restarts);
        Assert.Equal(second.Pid.ToString(), File.ReadAllText(charon.PidFile!).Trim());
        await daemons.StopAsync();
        Assert.Empty(fixture.ProcessesUnderRoot());
        Assert.False(File.Exists(charon.PidFile), "charon removes its pid file on SIGTERM");
    }

    [Fact]
    public async Task Given_the_planned_router_set_with_its_rendered_configs_When_started_Then_charon_and_haproxy_are_ready_side_by_side_and_stop_leaves_nothing()
    {
        var root = fixture.NewHostDirectory("router");
        var layout = new HostLayout(root);
        var plan = Planner.Plan(ClusterSpec.Default);
        var router = plan.Host("us-east-1-vpn");
        File.WriteAllText(layout.File(HostFilePaths.StrongswanConfig), StrongswanConfRenderer.Render(layout, plan.Tuning.Ike));
        File.WriteAllText(layout.File(HaproxyConfigRenderer.ConfigFileName), HaproxyConfigRenderer.Render(plan, plan.Region(router.Region), layout));
        // The frontend binds the router's LAN address; in this namespace it exists on lo only, and the backends are unreachable.
        await ProcessCommandRunner.Instance.RunAsync(NamespaceCommands.IpIn(DaemonHostFixture.Namespace, "addr", "replace", $"{router.LanAddress}/32", "dev", "lo"));
        var set = HostDaemonPlanner.Plan(plan, router, layout);
        await using var daemons = new HostDaemons(set, HostContext.Through(DaemonHostFixture.Namespace), new HostDaemonsOptions { Log = output.WriteLine });
        await using var changes = new SnapshotRecorder(daemons, fixture);

        await daemons.StartAsync();

        var charon = daemons.Current[DaemonNames.Charon];
        var haproxy = daemons.Current[DaemonNames.Haproxy];
        Assert.Equal([DaemonState.Ready, DaemonState.Ready], daemons.Current.Daemons.Select(d => d.State));
        Assert.Equal(charon.Pid.ToString(), File.ReadAllText(set[DaemonNames.Charon].PidFile!).Trim());
        Assert.Equal(haproxy.Pid.ToString(), File.ReadAllText(set[DaemonNames.Haproxy].PidFile!).Trim());
        Assert.Equal(["-W", "-db", "-f", layout.File("haproxy.cfg")], File.ReadAllText($"/proc/{haproxy.Pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries).Skip(1));
        Assert.True(File.Exists(HaproxyConfigRenderer.StatsSocket(layout)));
        var haproxyIds = await IdsAsync("haproxy");
        Assert.Equal((haproxyIds.Uid, "700"), await StatAsync(HaproxyConfigRenderer.RunDirectory(layout)));
        Assert.Equal((0, "640"), await StatAsync(layout.File(HaproxyConfigRenderer.ConfigFileName)));
        Assert.Equal(((int)haproxyIds.Gid).ToString(CultureInfo.InvariantCulture), (await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("stat", "-c", "%g", layout.File(HaproxyConfigRenderer.ConfigFileName)))).StandardOutput.Trim());

        await daemons.StopAsync();
        output.WriteLine(changes.Describe());
        // Neither depends on the other, so neither waits for the other's stop.
        Assert.True(changes.IndexOf(DaemonNames.Charon, DaemonState.Stopping) < changes.IndexOf(DaemonNames.Haproxy, DaemonState.Stopped), changes.Describe());
        Assert.Empty(fixture.ProcessesUnderRoot());
    }

    [Fact]
    public async Task Given_the_runner_inside_the_host_When_haproxy_starts_Then_it_runs_in_the_runners_own_network_namespace_without_ip_netns_exec()
    {
        var root = fixture.NewHostDirectory("inside");
        var port = FreeLoopbackPort();
        var haproxy = Haproxy(root, "127.0.0.1", port) with { Readiness = ReadinessProbe.AllOf(ReadinessProbe.TcpListening("127.0.0.1", port), ReadinessProbe.HasChildProcess()) };
        await using var daemons = new HostDaemons(new HostDaemonSet(DaemonHostFixture.Host, [haproxy]), HostContext.Inside, new HostDaemonsOptions { Log = output.WriteLine });
        await using var changes = new SnapshotRecorder(daemons, fixture);

        await daemons.StartAsync();
        var pid = daemons.Current[DaemonNames.Haproxy].Pid!.Value;

        Assert.Equal(new FileInfo("/proc/self/ns/net").LinkTarget, new FileInfo($"/proc/{pid}/ns/net").LinkTarget); // net:[INODE]
        Assert.Equal("haproxy", Comm(pid));
        await daemons.StopAsync();
        Assert.Empty(fixture.ProcessesUnderRoot());
    }

    /// <summary>A port nothing listens on now, from the kernel's ephemeral range (no test lab uses those).</summary>
    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private HostDaemons Runner(string root, params DaemonDefinition[] daemons) =>
        new(new HostDaemonSet(DaemonHostFixture.Host, daemons), HostContext.Through(DaemonHostFixture.Namespace), new HostDaemonsOptions { Log = output.WriteLine });

    /// <summary>A single-member etcd without TLS, as Debian's etcd user; it logs to stderr, so to its log file.</summary>
    private static DaemonDefinition Etcd(string root)
    {
        var client = $"http://{DaemonHostFixture.Address}:{EtcdClient}";
        var peer = $"http://{DaemonHostFixture.Address}:2380";
        return new DaemonDefinition(DaemonNames.Etcd, "/usr/bin/etcd")
        {
            Arguments =
            [
                "--name", "h1", "--data-dir", Path.Combine(root, "data", "etcd"),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"h1={peer}",
            ],
            User = new RunAs("etcd"),
            LogFile = Path.Combine(root, "log", "etcd.stdout"),
            Directories = [new DaemonDirectory(Path.Combine(root, "data", "etcd"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, OwnedByDaemon: true)],
            Readiness = ReadinessProbe.TcpConnect(DaemonHostFixture.Address, EtcdClient),
        };
    }

    /// <summary>
    /// HAProxy in front of etcd's client port, as Debian's haproxy user, in the planner's master-worker mode. Its traffic
    /// stays on <paramref name="address"/>: the namespace's address, or loopback for the runner inside the root namespace.
    /// </summary>
    /// <param name="address">Where the frontend binds; the backend is etcd's client port there, checked every second.</param>
    private static DaemonDefinition Haproxy(string root, string address = DaemonHostFixture.Address, int port = Frontend)
    {
        var config = Path.Combine(root, "haproxy.cfg");
        File.WriteAllText(config, $"""
            global
                log stderr format short daemon
            defaults
                mode tcp
                log global
                timeout connect 1s
                timeout client 10s
                timeout server 10s
            frontend front
                bind {address}:{port}
                default_backend etcd
            backend etcd
                server etcd {address}:{EtcdClient} check inter 1s

            """);
        return new DaemonDefinition(DaemonNames.Haproxy, "/usr/sbin/haproxy")
        {
            Arguments = ["-W", "-db", "-f", config],
            User = new RunAs("haproxy"),
            LogFile = Path.Combine(root, "log", "haproxy.log"),
            PreStart = [DaemonCommand.Of("/usr/sbin/haproxy", "-c", "-q", "-f", config)],
            Readiness = ReadinessProbe.AllOf(ReadinessProbe.TcpListening(DaemonHostFixture.Address, Frontend), ReadinessProbe.HasChildProcess()),
        };
    }

    private static string Comm(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();

    private static List<int> ChildrenOf(int pid) =>
        [.. File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];

    /// <summary>Real, effective, saved and file-system uid and gid all the user's, and no supplementary group of root's.</summary>
    private static void AssertRunsAs(int pid, (int Uid, int Gid) ids)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
        Assert.Equal(Enumerable.Repeat(ids.Uid.ToString(CultureInfo.InvariantCulture), 4), status["Uid"].Split('\t'));
        Assert.Equal(Enumerable.Repeat(ids.Gid.ToString(CultureInfo.InvariantCulture), 4), status["Gid"].Split('\t'));
        Assert.DoesNotContain("0", status["Groups"].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("0000000000000000", status["CapEff"]);
    }

    private static async Task<(int Uid, int Gid)> IdsAsync(string user)
    {
        var uid = (await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("id", "-u", user))).StandardOutput.Trim();
        var gid = (await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("id", "-g", user))).StandardOutput.Trim();
        return (int.Parse(uid, CultureInfo.InvariantCulture), int.Parse(gid, CultureInfo.InvariantCulture));
    }

    private static async Task<(int Uid, string Mode)> StatAsync(string path)
    {
        var fields = (await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("stat", "-c", "%u %a", path))).StandardOutput.Trim().Split(' ');
        return (int.Parse(fields[0], CultureInfo.InvariantCulture), fields[1]);
    }
}
