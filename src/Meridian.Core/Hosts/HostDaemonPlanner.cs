using System.Collections.Immutable;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;

namespace Meridian.Core.Hosts;

/// <summary>
/// The daemons one host runs, from the plan and the host's file layout. Pure. Each command line is the one the lab's
/// launchers build today (docs/architecture.md, "Hosts and their daemons"):
/// <list type="bullet">
/// <item>router: charon (own mount namespace, RunDir on /run) and HAProxy (<c>-W -db</c>), independent of each other;</item>
/// <item>etcd member: etcd with the rendered etcd.conf.yml;</item>
/// <item>arbitrator: garbd, started only once <see cref="StartCondition.ArbitratorMayJoin"/> holds;</item>
/// <item>Galera node: mariadbd, <see cref="SupervisedByAgent"/> (the agent's NodeSupervisor starts it).</item>
/// </list>
/// </summary>
public static class HostDaemonPlanner
{
    /// <summary>The agent's Galera node supervision, which owns mariadbd (docs/agent.md).</summary>
    public const string NodeSupervisor = "the agent's NodeSupervisor";

    /// <summary>stdout and stderr of each daemon under the host's log/ (the daemons' own logs sit beside them).</summary>
    public const string CharonStdout = "charon.stdout";
    public const string HaproxyLog = "haproxy.log";
    public const string GarbdStdout = "garbd.stdout";
    public const string CharonPidFile = "charon.pid";

    /// <summary>A charon restart brings its tunnels back in about 0.4 s (docs/vpn.md), so its first restart is quick.</summary>
    public static readonly Backoff CharonBackoff = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));

    /// <summary>etcd stops cleanly in well under a second; a leader first hands over its leadership, one round trip.</summary>
    public static readonly TimeSpan EtcdStopGrace = TimeSpan.FromSeconds(5);

    /// <summary>SIGTERM is a hard stop for HAProxy: the master ends its workers and their sessions at once.</summary>
    public static readonly TimeSpan HaproxyStopGrace = TimeSpan.FromSeconds(5);

    /// <summary>charon deletes its SAs and ipsec0 on SIGTERM.</summary>
    public static readonly TimeSpan CharonStopGrace = TimeSpan.FromSeconds(5);

    /// <summary>garbd leaves the group on SIGTERM within a second; one cut off from its peers is killed after this.</summary>
    public static readonly TimeSpan GarbdStopGrace = TimeSpan.FromSeconds(10);

    /// <summary>A clean mariadbd shutdown takes 0.1 s, an SST donor longer (NodeSupervisor.StopGrace).</summary>
    public static readonly TimeSpan MariadbdStopGrace = TimeSpan.FromSeconds(120);

    private const UnixFileMode Mode0755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Mode0750 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private const UnixFileMode Mode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Every daemon of <paramref name="host"/>, in start order.</summary>
    public static HostDaemonSet Plan(ClusterPlan plan, HostPlan host, HostLayout layout, HostDaemonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(layout);
        options ??= HostDaemonOptions.Default;
        var daemons = new List<DaemonDefinition>();
        if (host.Is(HostRole.Router))
        {
            daemons.Add(Charon(layout, options));
        }

        if (host.Is(HostRole.Endpoint))
        {
            daemons.Add(Haproxy(plan, host, layout, options));
        }

        var etcd = host.Is(HostRole.EtcdMember);
        if (etcd)
        {
            daemons.Add(Etcd(plan, host, layout, options));
        }

        // garbd's start condition and the agent's decisions for mariadbd read etcd, dialling this host's member first:
        // start it before them and stop it after them, as `down` does today (docs/lab.md, "down").
        ImmutableArray<string> afterEtcd = etcd ? [DaemonNames.Etcd] : [];
        if (host.Is(HostRole.Arbitrator))
        {
            daemons.Add(Garbd(plan, host, layout, options) with { DependsOn = afterEtcd });
        }

        if (host.Is(HostRole.GaleraNode))
        {
            daemons.Add(Mariadbd(layout, options) with { DependsOn = afterEtcd });
        }

        return new HostDaemonSet(host.Name, daemons);
    }

    /// <summary>
    /// The host's planned files that <paramref name="user"/> reads through its group (<see cref="PlannedFile.Group"/>):
    /// the runner makes them root:GROUP with the planned mode before each start (DaemonFiles.ApplyGroups did it in the
    /// launchers), so a file re-written by `up` is readable again at once.
    /// </summary>
    public static ImmutableArray<DaemonFile> GroupFilesOf(ClusterPlan plan, HostPlan host, HostLayout layout, RunAs? user)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(layout);
        if (user is null)
        {
            return [];
        }

        var group = user.Group ?? user.User;
        return [.. plan.Files.Where(f => f.Host == host.Name && f.Group == group).Select(f => new DaemonFile(layout.File(f.Path), (UnixFileMode)f.Mode, group))];
    }

    /// <summary>
    /// charon in a private mount namespace with the router's RunDir on /run: its compiled-in /var/run/charon.pid then
    /// lands in RunDir, so several charons share one filesystem. STRONGSWAN_CONF selects the router's strongswan.conf,
    /// whose vici socket is RunDir/charon.vici by its source path, reachable from outside (docs/architecture.md,
    /// "Rendered files"). A killed charon leaves its pid file and socket behind; both are cleared before a start.
    /// </summary>
    public static DaemonDefinition Charon(HostLayout layout, HostDaemonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        options ??= HostDaemonOptions.Default;
        var vici = StrongswanConfRenderer.ViciSocketPath(layout);
        return new DaemonDefinition(DaemonNames.Charon, options.CharonProgram)
        {
            Environment = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal)
                .Add("STRONGSWAN_CONF", layout.File(HostFilePaths.StrongswanConfig)),
            LogFile = Path.Combine(layout.LogDir, CharonStdout),
            OwnLogFiles = [Path.Combine(layout.LogDir, "charon.log")],
            Isolation = new DaemonIsolation([new BindMount(layout.RunDir, "/run")]),
            Directories = [new DaemonDirectory(layout.RunDir, Mode0755)],
            PidFile = Path.Combine(layout.RunDir, CharonPidFile),
            StaleFiles = [vici],
            Readiness = ReadinessProbe.UnixSocket(vici),
            ReadyTimeout = options.ReadyTimeout,
            Restart = RestartPolicy.Always(CharonBackoff),
            StopGrace = CharonStopGrace,
        };
    }

    /// <summary>
    /// HAProxy in master-worker mode with the master in the foreground (<c>-W -db</c>,
    /// https://docs.haproxy.org/2.6/management.html#3): the started PID is the master's, which reaps its worker and
    /// reloads on SIGUSR2 without a new PID. The config is checked (<c>haproxy -c</c>) before each start. Ready when the
    /// frontend listens and the worker exists: the master binds before it forks, and only the worker accepts. It runs as
    /// the haproxy user (setpriv, not HAProxy's own <c>user</c>, which would leave the master root), with its pid file
    /// and stats socket in its own run/haproxy/: the router's run/ is charon's /run and stays root's
    /// (docs/security.md, "Host privileges and secrets").
    /// <para>
    /// It depends on nothing, charon included: its frontend and its primary servers (the region's own nodes) are on the
    /// LAN, and only the backup servers in other regions are reached through the tunnels, which its health checks
    /// already judge. The region's endpoint must come up and keep serving its own nodes while the VPN is down or
    /// charon restarts.
    /// </para>
    /// </summary>
    public static DaemonDefinition Haproxy(ClusterPlan plan, HostPlan router, HostLayout layout, HostDaemonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(layout);
        options ??= HostDaemonOptions.Default;
        var config = layout.File(HaproxyConfigRenderer.ConfigFileName);
        return new DaemonDefinition(DaemonNames.Haproxy, options.HaproxyProgram)
        {
            Arguments = ["-W", "-db", "-f", config],
            User = options.HaproxyUser,
            LogFile = Path.Combine(layout.LogDir, HaproxyLog),
            GroupFiles = GroupFilesOf(plan, router, layout, options.HaproxyUser),
            Directories = [new DaemonDirectory(layout.RunDir, Mode0755), new DaemonDirectory(HaproxyConfigRenderer.RunDirectory(layout), Mode0700, OwnedByDaemon: true)],
            PidFile = HaproxyConfigRenderer.PidFile(layout),
            PreStart = [DaemonCommand.Of(options.HaproxyProgram, "-c", "-q", "-f", config)],
            Readiness = ReadinessProbe.AllOf(ReadinessProbe.TcpListening(router.LanAddress, plan.Ports.Endpoint), ReadinessProbe.HasChildProcess()),
            ReadyTimeout = options.ReadyTimeout,
            StopGrace = HaproxyStopGrace,
        };
    }

    /// <summary>
    /// etcd with the rendered config. Ready when its client port accepts a connection: etcd listens before it has a
    /// leader, and a member cannot have one until a quorum of members runs, which no single host decides; quorum health
    /// (<c>/health</c>) is the coordinator's to wait for. The data-dir is 0700 and the daemon's (etcd 3.4 refuses
    /// anything else, https://etcd.io/docs/v3.4/op-guide/security/). It runs as the etcd user; it logs to stderr
    /// (<c>log-outputs: [stderr]</c>), which root's launch shell appends to log/etcd.log, so etcd needs no access to log/.
    /// </summary>
    public static DaemonDefinition Etcd(ClusterPlan plan, HostPlan member, HostLayout layout, HostDaemonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(layout);
        options ??= HostDaemonOptions.Default;
        return new DaemonDefinition(DaemonNames.Etcd, options.EtcdProgram)
        {
            Arguments = ["--config-file", layout.File(EtcdConfigRenderer.ConfigFileName)],
            User = options.EtcdUser,
            LogFile = EtcdConfigRenderer.LogFile(layout),
            GroupFiles = GroupFilesOf(plan, member, layout, options.EtcdUser),
            Directories = [new DaemonDirectory(EtcdConfigRenderer.DataDirectory(layout), Mode0700, OwnedByDaemon: true)],
            Readiness = ReadinessProbe.TcpConnect(member.LanAddress, plan.Ports.EtcdClient),
            ReadyTimeout = options.ReadyTimeout,
            StopGrace = EtcdStopGrace,
        };
    }

    /// <summary>
    /// garbd with the rendered garbd.conf, in its own data directory: it saves its view (gvwstate.dat) in its working
    /// directory (docs/agent.md, "The arbitrator (garbd)"). Ready when it listens on its gmcast address, which it
    /// opens at once, before it reaches any peer (measured: within a second, while its connects are still refused).
    /// </summary>
    public static DaemonDefinition Garbd(ClusterPlan plan, HostPlan arbitrator, HostLayout layout, HostDaemonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(arbitrator);
        ArgumentNullException.ThrowIfNull(layout);
        options ??= HostDaemonOptions.Default;
        var workingDirectory = layout.DataDir(DaemonNames.Garbd);
        return new DaemonDefinition(DaemonNames.Garbd, options.GarbdProgram)
        {
            Arguments = ["--cfg", layout.File(HostFilePaths.GarbdConfig)],
            WorkingDirectory = workingDirectory,
            LogFile = Path.Combine(layout.LogDir, GarbdStdout),
            OwnLogFiles = [Path.Combine(layout.LogDir, "garbd.log")],
            Directories = [new DaemonDirectory(workingDirectory, Mode0750)],
            Conditions = [StartCondition.ArbitratorMayJoin],
            Readiness = ReadinessProbe.TcpListening(arbitrator.LanAddress, plan.Ports.GaleraReplication),
            ReadyTimeout = options.ReadyTimeout,
            StopGrace = GarbdStopGrace,
        };
    }

    /// <summary>
    /// mariadbd as the agent starts it: <c>--defaults-file</c> first (mariadbd requires it there), then whatever the
    /// agent decides per start. Root starts it and my.cnf's <c>user=mysql</c> drops privileges; stdio goes to /dev/null
    /// (it logs to log-error), with no umask of the runner's. Its socket answering means the server is up; the agent,
    /// not the runner, decides what its state means for Galera.
    /// </summary>
    public static DaemonDefinition Mariadbd(HostLayout layout, HostDaemonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        options ??= HostDaemonOptions.Default;
        return new DaemonDefinition(DaemonNames.Mariadbd, options.MariadbdProgram)
        {
            Arguments = [$"--defaults-file={layout.File(HostFilePaths.MariadbConfig)}"],
            LogFile = null,
            OwnLogFiles = [MariadbConfigRenderer.ErrorLog(layout)],
            Umask = null,
            Readiness = ReadinessProbe.UnixSocket(MariadbConfigRenderer.SocketPath(layout)),
            Restart = RestartPolicy.ByAgent(NodeSupervisor),
            StopGrace = MariadbdStopGrace,
        };
    }
}
