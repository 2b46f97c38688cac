using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Endpoints;
using Meridian.Runtime.Etcd;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Pki;

namespace Meridian.Runtime.Lab;

/// <summary>
/// The supervisor's database layer: one etcd member per region, one Meridian agent per Galera node (each agent starts
/// and supervises its own mariadbd), garbd on each arbitrator host (<see cref="ArbitratorDaemons"/>), one HAProxy per
/// region, and the 127.0.0.1 forwarders. Every daemon is a child of the supervisor, recorded in the state file, and
/// restarted by the watchdog if it dies.
/// </summary>
public sealed class DatabaseLayer(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner, string agentExecutable, Action<string> log, Action<Func<LabState, LabState>> record) : IAsyncDisposable
{
    /// <summary>An agent stops its mariadbd cleanly on SIGTERM; a clean stop takes 0.1 s, but an SST donor may need longer.</summary>
    private static readonly TimeSpan AgentStopGrace = TimeSpan.FromSeconds(30);

    /// <summary>A daemon that keeps dying is restarted at most this often, so a crash loop cannot spin the box.</summary>
    private static readonly TimeSpan RestartBackoff = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, DateTime> lastRestart = [];
    private readonly Dictionary<string, EtcdMemberProcess> etcd = [];
    private readonly Dictionary<string, NamespacedDaemon> agents = [];
    private readonly Dictionary<string, HaproxyProcess> haproxies = [];
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ArbitratorDaemons arbitrators = new(plan, layout, log, record);
    private EndpointForwarderSet? forwarders;
    private EtcdCoordinator? coordinator;

    /// <summary>
    /// The coordinator the CLI's status and the garbd watchdog use: the CLI client certificate, each member dialled from
    /// its own host's namespace, so a region's isolation leaves the other members (and their quorum) reachable.
    /// </summary>
    public IClusterCoordinator Coordinator => coordinator ??= EtcdCoordinatorFactory.Create(
        plan.EtcdMembers.Select(m => new Uri($"https://{m.LanAddress}:{plan.Ports.EtcdClient}")),
        PkiStore.CertificatePath(layout.PkiDirectory, "cli"),
        PkiStore.PrivateKeyPath(layout.PkiDirectory, "cli"),
        PkiStore.CertificatePath(layout.PkiDirectory, PkiNames.CaName(TrustDomain.Etcd)),
        plan.Cluster,
        plan.EtcdMembers.First().Namespace,
        plan.EtcdMembers.ToDictionary(m => m.LanAddress, m => m.Namespace, StringComparer.Ordinal));

    public IReadOnlyList<EndpointForwarderStatus> Endpoints => forwarders?.Status() ?? [];

    public IReadOnlyList<ArbitratorReport> Arbitrators => arbitrators.Reports();

    /// <summary>How long the watchdog waits for the agents' reports before it decides about garbd on the next tick.</summary>
    private static readonly TimeSpan ReportsTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Starts whatever is not running yet. Idempotent: a second call finds everything up and returns.</summary>
    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Port conflicts are found before anything else starts, so they fail fast and leave nothing behind.
            forwarders ??= await EndpointForwarderSet.StartAsync(EndpointRoute.ForPlan(plan), runner, log, cancellationToken).ConfigureAwait(false);
            var stoppedMembers = plan.EtcdMembers.Where(m => !IsRunning(etcd, m.Name)).ToList();
            await Task.WhenAll(stoppedMembers.Select(m => StartEtcdAsync(m, cancellationToken))).ConfigureAwait(false);
            if (stoppedMembers.Count > 0)
            {
                // Before any agent starts: from here on each key can do only what its etcd user may (docs/security.md).
                await new EtcdAccessControl(plan, layout, runner).EnsureAsync(cancellationToken).ConfigureAwait(false);
                log("etcd authentication on: one user per agent, the operator, root");
            }

            foreach (var node in plan.GaleraNodes.Where(n => !IsRunning(agents, n.Name)))
            {
                StartAgent(node);
            }

            await Task.WhenAll(plan.Regions.Where(r => !IsRunning(haproxies, r.RouterHost)).Select(r => StartHaproxyAsync(r, cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Restarts any daemon of this layer that exited (a crash or a fault drill).</summary>
    public async Task RestartDeadAsync(CancellationToken cancellationToken)
    {
        if (forwarders is null || !await gate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            foreach (var member in plan.EtcdMembers.Where(m => etcd.TryGetValue(m.Name, out var p) && !p.Identity.IsAlive && BackedOff("etcd", m.Name)))
            {
                log($"etcd on {member.Name} exited; restarting");
                await StartEtcdAsync(member, cancellationToken).ConfigureAwait(false);
            }

            foreach (var node in plan.GaleraNodes.Where(n => agents.TryGetValue(n.Name, out var a) && a.HasExited && BackedOff("agent", n.Name)))
            {
                log($"agent on {node.Name} exited; restarting (it adopts a running mariadbd)");
                StartAgent(node);
            }

            foreach (var region in plan.Regions.Where(r => haproxies.TryGetValue(r.RouterHost, out var h) && h.HasExited && BackedOff("haproxy", r.RouterHost)))
            {
                log($"haproxy for {region.Name} exited; restarting");
                await StartHaproxyAsync(region, cancellationToken).ConfigureAwait(false);
            }

            // garbd starts here, not in EnsureStartedAsync: it may only join a Primary the data nodes formed (first start)
            // and is restarted here after it exits, like the other daemons.
            if (!arbitrators.AllRunning && await TryListNodesAsync(cancellationToken).ConfigureAwait(false) is { } nodes)
            {
                arbitrators.StartWhereAllowed(nodes, host => BackedOff(ArbitratorDaemons.ProcessName, host));
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Endpoints first (no new sessions), then garbd and the agents (each stops its mariadbd cleanly), then etcd.</summary>
    public async ValueTask DisposeAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (forwarders is not null)
        {
            await forwarders.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(haproxies.Values.Select(h => h.StopAsync(CancellationToken.None))).ConfigureAwait(false);
        log($"endpoints stopped ({watch.Elapsed.TotalSeconds:F1} s)");
        await Task.WhenAll(agents.Values.Select(a => a.StopAsync(CancellationToken.None)).Append(arbitrators.StopAsync())).ConfigureAwait(false);
        log($"garbd, agents and their mariadbd stopped ({watch.Elapsed.TotalSeconds:F1} s)");
        if (coordinator is not null)
        {
            await coordinator.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(etcd.Values.Select(e => e.StopAsync(CancellationToken.None))).ConfigureAwait(false);
        log($"etcd stopped ({watch.Elapsed.TotalSeconds:F1} s)");
        record(s => s with { Processes = s.Processes.RemoveAll(p => p.Name is "etcd" or "agent" or "haproxy") });
        gate.Dispose();
    }

    private async Task StartEtcdAsync(HostPlan member, CancellationToken cancellationToken)
    {
        var process = await new EtcdLauncher().StartAsync(plan, member, layout.ForHost(member.Name), cancellationToken).ConfigureAwait(false);
        lock (etcd)
        {
            etcd[member.Name] = process;
        }

        record(s => s.WithProcess(new RecordedProcess("etcd", member.Name, process.Identity)));
    }

    /// <summary>
    /// Starts a node's agent with no DOTNET_* settings: it is a Native AOT executable, so the JIT knobs it once had
    /// (W^X, tiering) do not apply, and a 1 MB gen0 budget measured no different (docs/agent.md, "Memory").
    /// </summary>
    private void StartAgent(HostPlan node)
    {
        var hostLayout = layout.ForHost(node.Name);
        var agent = NamespacedDaemon.Start("agent", node.Name, node.Namespace, agentExecutable, ["--config", hostLayout.File("agent.json")], Path.Combine(hostLayout.LogDir, "agent.stdout"), AgentStopGrace);
        agents[node.Name] = agent;
        record(s => s.WithProcess(new RecordedProcess("agent", node.Name, agent.Identity)));
    }

    private async Task StartHaproxyAsync(RegionPlan region, CancellationToken cancellationToken)
    {
        var process = await new HaproxyLauncher(runner).StartAsync(plan, region, layout.ForHost(region.RouterHost), cancellationToken).ConfigureAwait(false);
        lock (haproxies)
        {
            haproxies[region.RouterHost] = process;
        }

        record(s => s.WithProcess(new RecordedProcess("haproxy", region.RouterHost, process.Identity)));
    }

    /// <summary>The agents' reports, or null when etcd does not answer in time (the next watchdog tick asks again).</summary>
    private async Task<IReadOnlyList<NodeReport>?> TryListNodesAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReportsTimeout);
        try
        {
            return await Coordinator.ListNodesAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>True (and remembers now) if the daemon was not restarted within the backoff.</summary>
    private bool BackedOff(string daemon, string host)
    {
        var key = $"{daemon}@{host}";
        if (lastRestart.TryGetValue(key, out var last) && DateTime.UtcNow - last < RestartBackoff)
        {
            return false;
        }

        lastRestart[key] = DateTime.UtcNow;
        return true;
    }

    private static bool IsRunning(Dictionary<string, EtcdMemberProcess> processes, string host) =>
        processes.TryGetValue(host, out var p) && p.Identity.IsAlive;

    private static bool IsRunning(Dictionary<string, NamespacedDaemon> processes, string host) =>
        processes.TryGetValue(host, out var p) && !p.HasExited;

    private static bool IsRunning(Dictionary<string, HaproxyProcess> processes, string host) =>
        processes.TryGetValue(host, out var p) && !p.HasExited;
}
