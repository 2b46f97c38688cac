using System.Collections.Immutable;
using System.Globalization;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Hosts;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Lab;

/// <summary>
/// The lab's host agents: one <c>meridian-agent --config hosts/H/agent.json</c> per host namespace, each of which runs
/// its host's declared daemons (docs/architecture.md, "Hosts and their daemons"). The supervisor runs each agent with
/// the same runner the agents use (<see cref="HostDaemons"/>, through the namespace), so an agent that dies is started
/// again by <see cref="RestartDecision"/> and stopped with SIGTERM, SIGKILL after its grace. Every agent's PID and the
/// daemons it started (its direct children: the launch chain execs) are recorded in the state file, so `down` and the
/// fault drills find them by PID after a SIGKILL of the supervisor.
/// </summary>
public sealed class HostAgents(ClusterPlan plan, DeploymentLayout layout, string agentExecutable, Action<string> log, Action<Func<LabState, LabState>> record) : IAsyncDisposable
{
    public const string ProcessName = "agent";

    /// <summary>
    /// An agent stops its daemons in reverse dependency order: mariadbd leaves the cluster (about Galera's suspect
    /// timeout, 1.9 s for the default RTTs, when all leave at once; an SST donor longer), then etcd; a router's HAProxy and charon in a second.
    /// </summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    /// <summary>An agent that keeps dying is started again after 1 s, then 2, 4 … at most 30 s apart.</summary>
    private static readonly Backoff RestartBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>
    /// The daemons recorded by name (their /proc comm). Not mariadbd: it outlives its agent, and `down` finds it through
    /// its pid file. A child still in the launch chain (sh, ip, unshare, setpriv) is recorded on the next tick.
    /// </summary>
    private static readonly ImmutableHashSet<string> RecordedDaemons = ["etcd", "haproxy", "charon", "garbd"];

    private readonly Dictionary<string, HostDaemons> runners = new(StringComparer.Ordinal);
    private readonly Lock sync = new();

    /// <summary>
    /// The order in which hosts are stopped (<c>down</c>, and the lab supervisor's shutdown): Galera nodes, arbitrators
    /// and etcd-only hosts first, each agent stopping its mariadbd or garbd before its etcd, while the routers still
    /// carry the tunnels, so each leaving member's goodbye reaches its peers; then the routers (HAProxy, charon). The
    /// 127.0.0.1 forwarders stop before all of them. One definition, used by the supervisor and by `down`.
    /// </summary>
    public static int StopRank(HostPlan host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Is(HostRole.Router) ? 1 : 0;
    }

    /// <summary>The agent as a declared daemon: the lab's own definition of it (a systemd unit on a real host).</summary>
    public DaemonDefinition Definition(HostPlan host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var hostLayout = layout.ForHost(host.Name);

        // No DOTNET_* settings: it is a Native AOT executable, so the JIT knobs do not apply, and a 1 MB gen0 budget
        // measured no different (docs/agent.md, "Memory"). Ready once it serves its health port.
        return new DaemonDefinition(ProcessName, agentExecutable)
        {
            Arguments = ["--config", hostLayout.File(HostFilePaths.AgentConfig)],
            LogFile = Path.Combine(hostLayout.LogDir, "agent.stdout"),
            Readiness = ReadinessProbe.TcpListening(host.LanAddress, plan.Ports.AgentHttp),
            Restart = RestartPolicy.Always(RestartBackoff),
            StopGrace = StopGrace,
        };
    }

    /// <summary>True when <paramref name="host"/>'s agent was started (and not stopped) by this supervisor.</summary>
    public bool IsStarted(string host)
    {
        lock (sync)
        {
            return runners.ContainsKey(host);
        }
    }

    /// <summary>Starts the agents of <paramref name="hosts"/> that are not started yet, in parallel; returns once each serves its health port.</summary>
    public async Task StartAsync(IEnumerable<HostPlan> hosts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var started = new List<HostDaemons>();
        lock (sync)
        {
            foreach (var host in hosts.Where(h => !runners.ContainsKey(h.Name)))
            {
                var runner = new HostDaemons(
                    new HostDaemonSet(host.Name, [Definition(host)]),
                    HostContext.Through(host.Namespace),
                    new HostDaemonsOptions { Log = log });
                runners.Add(host.Name, runner);
                started.Add(runner);
                _ = RecordAsync(host, runner);
            }
        }

        await Task.WhenAll(started.Select(r => r.StartAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops every started agent in <see cref="StopRank"/> order, each rank in parallel, and forgets them and their
    /// daemons in the state file.
    /// </summary>
    public async Task StopAsync()
    {
        List<(HostPlan Host, HostDaemons Runner)> all;
        lock (sync)
        {
            all = [.. runners.Select(r => (plan.Host(r.Key), r.Value))];
        }

        foreach (var rank in all.GroupBy(a => StopRank(a.Host)).OrderBy(g => g.Key))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Task.WhenAll(rank.Select(a => a.Runner.StopAsync())).ConfigureAwait(false);
            foreach (var (host, runner) in rank)
            {
                await runner.DisposeAsync().ConfigureAwait(false);
                record(s => s with { Processes = s.Processes.RemoveAll(p => p.Host == host.Name) });
                lock (sync)
                {
                    runners.Remove(host.Name);
                }
            }

            log($"agents stopped: {string.Join(", ", rank.Select(a => a.Host.Name))} ({watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
        }
    }

    /// <summary>The agent's PID on <paramref name="host"/>, if it runs.</summary>
    public ProcessIdentity? AgentOf(string host)
    {
        HostDaemons? runner;
        lock (sync)
        {
            runner = runners.GetValueOrDefault(host);
        }

        return runner?.Current[ProcessName] is { Pid: { } pid, StartTicks: { } ticks } ? new ProcessIdentity(pid, ticks) : null;
    }

    /// <summary>The daemon named <paramref name="comm"/> (its /proc comm) that <paramref name="host"/>'s agent runs now.</summary>
    public ProcessIdentity? DaemonOf(string host, string comm) =>
        AgentOf(host) is { } agent ? ChildrenOf(agent).FirstOrDefault(c => c.Comm == comm).Identity : null;

    /// <summary>
    /// Records each agent's daemons (its direct children, by /proc comm: etcd, haproxy, charon, garbd, mariadbd) in the
    /// state file, replacing what was recorded before for that host. Called by the supervisor's watchdog every second.
    /// </summary>
    public void RecordDaemons()
    {
        List<string> hosts;
        lock (sync)
        {
            hosts = [.. runners.Keys];
        }

        foreach (var host in hosts)
        {
            if (AgentOf(host) is not { } agent)
            {
                continue;
            }

            var children = ChildrenOf(agent).Where(c => RecordedDaemons.Contains(c.Comm)).ToImmutableArray();
            record(s =>
            {
                var others = s.Processes.RemoveAll(p => p.Host == host && p.Name != ProcessName);
                return children.Aggregate(s with { Processes = others }, (state, child) => state.WithProcess(new RecordedProcess(child.Comm, host, child.Identity)));
            });
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task RecordAsync(HostPlan host, HostDaemons runner)
    {
        ProcessIdentity? recorded = null;
        try
        {
            await foreach (var snapshot in runner.WatchAsync().ConfigureAwait(false))
            {
                var agent = snapshot[ProcessName];
                var now = agent is { Pid: { } pid, StartTicks: { } ticks } ? new ProcessIdentity(pid, ticks) : null;
                if (now == recorded)
                {
                    continue;
                }

                recorded = now;
                record(s => now is null ? s.WithoutProcess(ProcessName, host.Name) : s.WithProcess(new RecordedProcess(ProcessName, host.Name, now)));
                if (agent.State is DaemonState.Stopped)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The runner was stopped.
        }
    }

    private static List<(string Comm, ProcessIdentity Identity)> ChildrenOf(ProcessIdentity parent)
    {
        var children = new List<(string, ProcessIdentity)>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{parent.Pid}/task"))
            {
                foreach (var pid in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var id = int.Parse(pid, CultureInfo.InvariantCulture);
                    if (ProcessIdentity.TryRead(id) is { } child)
                    {
                        children.Add((File.ReadAllText($"/proc/{id}/comm").Trim(), child));
                    }
                }
            }
        }
        catch (IOException)
        {
            // The agent or a child exited meanwhile; the next tick records again.
        }

        return children;
    }
}
