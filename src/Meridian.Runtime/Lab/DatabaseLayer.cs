using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Endpoints;
using Meridian.Runtime.Etcd;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Pki;

namespace Meridian.Runtime.Lab;

/// <summary>
/// The supervisor's database layer: the agents of every host that is not a router (each runs its host's etcd member,
/// garbd or the Galera node's mariadbd; docs/architecture.md, "Hosts and their daemons"), etcd authentication (cross-host:
/// once every member runs, before any node's supervision starts), and the 127.0.0.1 forwarders. The routers' agents,
/// which also run HAProxy, are started with the VPN.
/// </summary>
public sealed class DatabaseLayer(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner, HostAgents agents, Action<string> log) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ArbitratorDaemons arbitrators = new(plan, layout, host => agents.DaemonOf(host, ArbitratorDaemons.ProcessName));
    private EndpointForwarderSet? forwarders;
    private EtcdCoordinator? coordinator;
    private bool authOn;

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

    /// <summary>
    /// Starts whatever is not running yet, in the order the hosts need: the etcd members' agents (each agent starts its
    /// etcd first), etcd authentication once they form a quorum (node agents wait for it before their supervision
    /// starts), then every other host's agent. Idempotent: a second call finds everything up and returns.
    /// </summary>
    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Port conflicts are found before anything else starts, so they fail fast and leave nothing behind.
            forwarders ??= await EndpointForwarderSet.StartAsync(EndpointRoute.ForPlan(plan), runner, log, cancellationToken).ConfigureAwait(false);
            await agents.StartAsync(plan.EtcdMembers, cancellationToken).ConfigureAwait(false);
            if (!authOn)
            {
                // Each member's agent starts etcd first; users and roles need a quorum of them listening.
                await Task.WhenAll(plan.EtcdMembers.Select(m => WaitForEtcdAsync(m, cancellationToken))).ConfigureAwait(false);
                // From here on each key can do only what its etcd user may (docs/security.md, "etcd users and roles").
                await new EtcdAccessControl(plan, layout, runner).EnsureAsync(cancellationToken).ConfigureAwait(false);
                authOn = true;
                log("etcd authentication on: one user per agent, the operator, root");
            }

            await agents.StartAsync(plan.Hosts.Where(h => !h.Is(HostRole.Router)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The forwarders (no new sessions), then the coordinator; the agents themselves are stopped by the supervisor in
    /// <see cref="HostAgents.StopRank"/> order.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (forwarders is not null)
        {
            await forwarders.DisposeAsync().ConfigureAwait(false);
            log("endpoints stopped");
        }

        if (coordinator is not null)
        {
            await coordinator.DisposeAsync().ConfigureAwait(false);
        }

        gate.Dispose();
    }

    /// <summary>Until <paramref name="member"/>'s etcd accepts a connection on its client port, from inside its namespace.</summary>
    private static readonly TimeSpan EtcdStartTimeout = TimeSpan.FromSeconds(60);

    private async Task WaitForEtcdAsync(HostPlan member, CancellationToken cancellationToken)
    {
        var endPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(member.LanAddress), plan.Ports.EtcdClient);
        var context = Hosts.HostContext.Through(member.Namespace);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var socket = await context.InNetworkAsync(() => new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp)).ConfigureAwait(false);
            try
            {
                await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (stopwatch.Elapsed < EtcdStartTimeout)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new LabException(
                    $"etcd on {member.Name} did not accept connections on {endPoint} within {EtcdStartTimeout.TotalSeconds:0} s: {ex.Message}",
                    $"its host agent runs it: see {layout.ForHost(member.Name).LogDir}/agent.log and etcd.log");
            }
        }
    }
}
