using System.Collections.Immutable;

namespace Meridian.Core.Hosts;

/// <summary>
/// One long-running program of a host, declared as data (docs/architecture.md, "Hosts and their daemons"): what to run,
/// as whom, where its output goes, when it counts as ready, what it waits for, how it is restarted and how it is stopped.
/// <see cref="HostDaemonPlanner"/> declares every daemon of a host; one runner (Meridian.Runtime.Hosts.HostDaemons)
/// starts, probes, restarts and stops them all the same way. Immutable: change a definition with <c>with</c>.
/// </summary>
/// <param name="Name">Unique within the host, e.g. <c>etcd</c>; dependencies and snapshots refer to it.</param>
/// <param name="Program">An absolute path, or a name resolved on the runner's fixed PATH.</param>
public sealed record DaemonDefinition(string Name, string Program)
{
    /// <summary>
    /// The daemon's argument vector. Never a secret: every user can read /proc/PID/cmdline (docs/security.md,
    /// "Host privileges and secrets"). Secrets travel in files the daemon reads, or in <see cref="Environment"/>.
    /// </summary>
    public ImmutableArray<string> Arguments { get; init; } = [];

    /// <summary>Who the daemon runs as; null keeps the runner's user (root). The runner drops privileges before exec.</summary>
    public RunAs? User { get; init; }

    /// <summary>
    /// The daemon's whole environment besides PATH: the runner starts it with a clean environment, as systemd does, so
    /// nothing of the runner's own (DOTNET_*, a test's variables) leaks in and a restart sees what the first start saw.
    /// </summary>
    public ImmutableSortedDictionary<string, string> Environment { get; init; } = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The daemon's working directory; null keeps the runner's (garbd saves its view in its working directory).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// stdout and stderr are appended here. Opened by the runner (root) before any privilege drop, under
    /// <see cref="Umask"/>, so the file is root's and 0640, in a log directory the daemon cannot write. Null sends them
    /// to /dev/null, for a daemon that keeps its own log (mariadbd's log-error).
    /// </summary>
    public string? LogFile { get; init; }

    /// <summary>Logs the daemon writes itself (its config names them); an error about it quotes their tails too.</summary>
    public ImmutableArray<string> OwnLogFiles { get; init; } = [];

    /// <summary>
    /// The umask the daemon starts with: 027 by default, so its log and whatever it creates without an explicit mode is
    /// at most 0640 (docs/security.md). Null inherits the runner's.
    /// </summary>
    public UnixFileMode? Umask { get; init; } = DefaultUmask;

    /// <summary>When the daemon counts as ready; dependents start only then.</summary>
    public ReadinessProbe Readiness { get; init; } = ReadinessProbe.None;

    /// <summary>How long the probe may take to pass after a start before the start counts as failed.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Names of daemons of the same host that must be ready before this one starts, and that stop after it.</summary>
    public ImmutableArray<string> DependsOn { get; init; } = [];

    /// <summary>
    /// Conditions outside the host that must hold before each start (garbd: a Primary component exists). The runner
    /// does not know how to judge them; whoever runs the host supplies the answer.
    /// </summary>
    public ImmutableArray<StartCondition> Conditions { get; init; } = [];

    public RestartPolicy Restart { get; init; } = RestartPolicy.Always(Backoff.Default);

    public DaemonSignal StopSignal { get; init; } = DaemonSignal.Term;

    /// <summary>How long the daemon may take after <see cref="StopSignal"/> before SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A private mount namespace with bind mounts (charon's own /run); null shares the host's mounts.</summary>
    public DaemonIsolation? Isolation { get; init; }

    /// <summary>Directories made (or tightened) before each start, with their mode and owner.</summary>
    public ImmutableArray<DaemonDirectory> Directories { get; init; } = [];

    /// <summary>Files the daemon reads through its group: made root:GROUP with their mode before each start.</summary>
    public ImmutableArray<DaemonFile> GroupFiles { get; init; } = [];

    /// <summary>
    /// The pid file the daemon writes itself. Before a start, a live process of the same program and arguments named
    /// in it is refused ("already runs"), and a dead one's file is removed.
    /// </summary>
    public string? PidFile { get; init; }

    /// <summary>Files a killed predecessor leaves behind (a unix socket) that would stop a new start; removed first.</summary>
    public ImmutableArray<string> StaleFiles { get; init; } = [];

    /// <summary>Commands that must exit 0 before each start (<c>haproxy -c</c>); their output is the error otherwise.</summary>
    public ImmutableArray<DaemonCommand> PreStart { get; init; } = [];

    /// <summary>umask 027 (docs/security.md, "Host privileges and secrets").</summary>
    public const UnixFileMode DefaultUmask = UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>True when the runner starts and restarts this daemon itself (not <see cref="SupervisedByAgent"/>).</summary>
    public bool RunnerStarts => Restart is not SupervisedByAgent;

    public override string ToString() => $"{Name} ({Program})";
}
