using Meridian.Core.Planning;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Vpn;

namespace Meridian.Runtime.Lab;

/// <summary>
/// The background process of one lab (docs/architecture.md#processes): it owns the WAN hub's TUN devices and the
/// 127.0.0.1 forwarders, starts one host agent per host namespace (<see cref="HostAgents"/>; each agent runs its host's
/// daemons) and restarts a dead one, records every PID in the state file, and answers the CLI on its control socket. It
/// keeps what crosses hosts: the VPN mesh's config loading and its reload after a router's charon restarted, etcd
/// authentication, and the stop order between hosts. `down` asks it to stop; after a SIGKILL of the supervisor, `down`
/// still finds every process through the state file. It also watches every tunnel's data path and repairs a tunnel that
/// is up but passes nothing (LabSupervisor.TunnelWatch.cs).
/// </summary>
public sealed partial class LabSupervisor(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner, string agentExecutable, TextWriter log) : IDisposable
{
    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromSeconds(1);
    private readonly LabStateStore store = new(layout.StateFile);
    private readonly TaskCompletionSource shutdownRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim vpnGate = new(1, 1);
    private HostAgents? hostAgents;
    private VpnMesh? vpn;
    private DatabaseLayer? database;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Record(s => s.WithProcess(new RecordedProcess("supervisor", string.Empty, ProcessIdentity.TryRead(Environment.ProcessId)!)));
        Log($"supervising {plan.Cluster} from {layout.StateDirectory}");

        using var hub = WanHub.OpenForPlan(plan);
        hub.Start();
        Log($"WAN hub running ({hub.SchedulingNote})");
        await new LocalFabric(plan, runner).ConfigureWanInterfacesAsync(cancellationToken).ConfigureAwait(false);
        var wan = new WanControl(hub);

        await using var server = new ControlServer(layout.ControlSocket, (request, ct) => HandleAsync(request, wan, ct));
        server.Start();
        Log($"control socket {layout.ControlSocket}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchdog = WatchdogAsync(stop.Token);
        var tunnelWatchdog = TunnelWatchAsync(hub, stop.Token);
        try
        {
            await shutdownRequested.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log("signalled; stopping");
        }

        Log("stopping");
        await stop.CancelAsync().ConfigureAwait(false);
        await watchdog.ConfigureAwait(false);
        await tunnelWatchdog.ConfigureAwait(false);
        if (database is not null)
        {
            await database.DisposeAsync().ConfigureAwait(false);
        }

        // Node, arbitrator and etcd hosts first, then the routers (HostAgents.StopRank).
        await Agents.StopAsync().ConfigureAwait(false);
        Record(s => s.WithoutProcess("supervisor", string.Empty));
        Log("stopped");
    }

    /// <summary>One typed request from the control socket (docs/lab.md, "The control socket").</summary>
    private async Task<ControlResponse> HandleAsync(ControlRequest request, WanControl wan, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case PingRequest ping:
                return ping.Reply(new PingReply(plan.Cluster, Environment.ProcessId));
            case VpnUpRequest vpnUp:
                await EnsureVpnAsync(cancellationToken).ConfigureAwait(false);
                return vpnUp.Reply(await TunnelsAsync(cancellationToken).ConfigureAwait(false));
            case VpnStatusRequest vpnStatus:
                return vpnStatus.Reply(await TunnelsAsync(cancellationToken).ConfigureAwait(false));
            case DatabaseUpRequest databaseUp:
                await EnsureVpnAsync(cancellationToken).ConfigureAwait(false);
                await Database.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
                return databaseUp.Reply(await DatabaseStatusAsync(cancellationToken).ConfigureAwait(false));
            case DatabaseStatusRequest databaseStatus:
                return databaseStatus.Reply(await DatabaseStatusAsync(cancellationToken).ConfigureAwait(false));
            case RecoveryViewRequest recovery:
                return recovery.Reply(await RecoveryViewAsync(cancellationToken).ConfigureAwait(false));
            case ForceBootstrapRequest force:
                return await ForceBootstrapAsync(force, cancellationToken).ConfigureAwait(false);
            case WanRequest wanRequest:
                return wanRequest.Reply(wan.Apply(wanRequest));
            case ShutdownRequest shutdown:
                shutdownRequested.TrySetResult();
                return shutdown.Reply(new ShutdownReply(Stopping: true));
            default:
                return ControlResponse.Failure($"the lab supervisor does not answer {request.GetType().Name}");
        }
    }

    private async Task<IReadOnlyList<TunnelView>> TunnelsAsync(CancellationToken cancellationToken)
    {
        var mesh = vpn;
        if (mesh is null)
        {
            return [.. plan.Tunnels.Select(t => new TunnelView(t.Name, t.InitiatorRegion, t.ResponderRegion, false, "not started"))];
        }

        var statuses = await mesh.GetTunnelStatusAsync(cancellationToken).ConfigureAwait(false);
        return [.. plan.Tunnels.Select(t =>
        {
            var status = statuses.FirstOrDefault(s => s.Name == t.Name);
            var (lastRepair, repairs) = RepairsOf(t.Name);
            return new TunnelView(t.Name, t.InitiatorRegion, t.ResponderRegion, status?.IsUp ?? false, status?.Describe() ?? "unknown", lastRepair, repairs);
        })];
    }

    /// <summary>Records through the supervisor's one state store: its lock is what keeps concurrent updates from being lost.</summary>
    private HostAgents Agents => hostAgents ??= new HostAgents(plan, layout, agentExecutable, Log, Record);

    private DatabaseLayer Database => database ??= new DatabaseLayer(plan, layout, runner, Agents, Log);

    private async Task<DatabaseStatus> DatabaseStatusAsync(CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return new DatabaseStatus([], [], [], []);
        }

        var health = await database.Coordinator.HealthAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Coordination.NodeReport> nodes;
        try
        {
            nodes = await database.Coordinator.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No etcd quorum: status still shows the members' health, which says why.
            Log($"listing nodes failed: {ex.Message}");
            nodes = [];
        }

        return new DatabaseStatus(health, nodes, database.Endpoints, database.Arbitrators);
    }

    private async Task<RecoveryView> RecoveryViewAsync(CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return new RecoveryView([], null, [], null);
        }

        return await ClusterRecovery.ViewAsync(database.Coordinator, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a forced bootstrap of the request's node as the next recovery epoch; the agents obey it
    /// (docs/recovery.md, "Forcing"). <see cref="Core.Decisions.ForceBootstrapDecision"/> refuses while any node reports a
    /// Primary component or a member of the last Primary is neither known to be down nor in the request's accepted losses.
    /// </summary>
    private async Task<ControlResponse> ForceBootstrapAsync(ForceBootstrapRequest request, CancellationToken cancellationToken)
    {
        var (node, acceptedLost) = (request.Node ?? string.Empty, request.AcceptedLost ?? []);
        if (database is null)
        {
            return ControlResponse.Failure("the database layer is not up: run `meridian up` first");
        }

        RecoveryRecord stored;
        try
        {
            stored = await ClusterRecovery.ForceBootstrapAsync(plan, database.Coordinator, node, acceptedLost, cancellationToken).ConfigureAwait(false);
        }
        catch (ForceBootstrapRefusedException refused)
        {
            return ControlResponse.Failure($"{refused.Message} Fix: {refused.Fix}.");
        }

        Log($"forced recovery epoch {stored.Epoch}: {stored.Kind} {stored.Node}");
        return request.Reply(stored);
    }

    /// <summary>
    /// Starts the routers' agents (each runs its charon and HAProxy), then the mesh once; a second `up` finds it running
    /// and only waits for the tunnels.
    /// </summary>
    private async Task EnsureVpnAsync(CancellationToken cancellationToken)
    {
        await vpnGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (vpn is null)
            {
                await Agents.StartAsync(plan.Hosts.Where(h => h.Is(HostRole.Router)), cancellationToken).ConfigureAwait(false);
                var mesh = new VpnMesh(plan, layout, runner);
                var timings = await mesh.StartAsync(cancellationToken).ConfigureAwait(false);
                vpn = mesh;
                Log($"VPN mesh up: {timings}");
            }
            else
            {
                await vpn.WaitForTunnelsAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            vpnGate.Release();
        }
    }

    /// <summary>
    /// Every second: records the daemons each agent runs, and reloads a router whose charon its agent restarted (a
    /// crash or a fault drill): the new charon has no configs, and its peers must re-initiate (VpnMesh.ReloadRouterAsync).
    /// </summary>
    private async Task WatchdogAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(WatchdogPeriod, cancellationToken).ConfigureAwait(false);
                Agents.RecordDaemons();
                var mesh = vpn;
                if (mesh is null || !await vpnGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                try
                {
                    foreach (var region in mesh.RestartedRouters())
                    {
                        Log($"charon for {region} was restarted by its agent; loading its configs");
                        var took = await mesh.ReloadRouterAsync(region, cancellationToken).ConfigureAwait(false);
                        Log($"charon for {region} reloaded, tunnels back in {took.TotalSeconds:F1} s");
                    }
                }
                finally
                {
                    vpnGate.Release();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log($"watchdog: {ex.Message}");
            }
        }
    }

    private void Record(Func<LabState, LabState> change) => store.Update(plan.Cluster, layout.StateDirectory, change);

    public void Dispose() => vpnGate.Dispose();

    private void Log(string message) => WriteLog(log, message);

    private static void WriteLog(TextWriter log, string message)
    {
        lock (log)
        {
            log.WriteLine($"{DateTime.UtcNow:O} {message}");
            log.Flush();
        }
    }
}
