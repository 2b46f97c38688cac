using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Files;
using Meridian.Runtime.Hosts;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>
/// meridian-agent --config HOSTDIR/agent.json: the host agent, one per host (docs/agent.md). It runs the host's declared
/// daemons with the one runner, inside the host (<see cref="HostDaemons"/>, <see cref="HostContext.Inside"/>), and on a
/// Galera node also supervises mariadbd (<see cref="NodeSupervisor"/>).
/// </summary>
public static class Program
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;
    public const int ExitFailed = 1;

    /// <summary>How often a node agent asks whether etcd enforces authentication yet, before its supervision starts.</summary>
    private static readonly TimeSpan AuthPollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || args[0] != "--config")
        {
            await Console.Error.WriteLineAsync("usage: meridian-agent --config HOSTDIR/agent.json").ConfigureAwait(false);
            return ExitUsage;
        }

        if (!File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync($"meridian-agent: {args[1]} does not exist.").ConfigureAwait(false);
            return ExitUsage;
        }

        var host = JsonSerializer.Deserialize(await File.ReadAllTextAsync(args[1]).ConfigureAwait(false), AgentConfigJsonContext.Default.HostAgentConfig)
            ?? throw new InvalidDataException($"{args[1]} is empty");
        if (host.Node is { } node && !File.Exists(node.Paths.Secrets))
        {
            await Console.Error.WriteLineAsync($"meridian-agent: {node.Paths.Secrets} is missing; it is written by `meridian up`.").ConfigureAwait(false);
            return ExitUsage;
        }

        using var log = new AgentLog(host.AgentLog);
        log.Info($"meridian-agent {host.Host} pid {Environment.ProcessId} starting");
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            log.Info($"{context.Signal}: stopping");
            stop.Cancel();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        EtcdCoordinator? coordinator = null;
        HostDaemons? runner = null;
        try
        {
            if (host.Etcd is { } etcd)
            {
                // This host's own member first: reads and writes go to the nearest member (EtcdCoordinatorOptions).
                var endpoints = etcd.Endpoints.Select(e => new Uri(e)).OrderBy(u => u.Host == host.Http.Address ? 0 : 1).ToList();
                coordinator = EtcdCoordinatorFactory.Create(endpoints, etcd.CertFile, etcd.KeyFile, etcd.CaFile, host.Cluster);
            }

            var set = host.DaemonSet();
            var layout = new HostLayout(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
            var conditions = set.Daemons.Any(d => !d.Conditions.IsEmpty) && coordinator is not null
                ? new GaleraPrimaryCondition(coordinator, host.DataNodes, HostAgentConfig.GarbdStartedMarker(layout))
                : null;

            // Not disposed on a fatal error: stopping the runner would stop mariadbd, which must outlive its agent.
            var daemons = new HostDaemons(set, HostContext.Inside, new HostDaemonsOptions { Conditions = conditions, Log = log.Info });
            runner = daemons;
            // Disposing it ends only its own `mariadb` clients; mariadbd stays the runner's.
            using var supervisor = host.Node is { } config
                ? new NodeSupervisor(config, SecretsStore.Load(config.Paths.Secrets), coordinator!, ProcessCommandRunner.Instance, log)
                {
                    MariadbdStarted = identity => daemons.Attach(DaemonNames.Mariadbd, identity),
                }
                : null;
            var http = new HealthHttpServer(new IPEndPoint(IPAddress.Parse(host.Http.Address), host.Http.Port), path => Handle(path, host, supervisor, daemons), log);
            var serving = http.RunAsync(stop.Token);
            await DaemonLeftovers.StopAsync(set, log.Info, stop.Token).ConfigureAwait(false);
            try
            {
                await daemons.StartAsync(stop.Token).ConfigureAwait(false);
                log.Info($"daemons: {daemons.Current}");
            }
            catch (DaemonStartException ex)
            {
                // Supervision goes on as each daemon's policy says; the snapshot (GET /daemons) shows why.
                log.Warn(ex.Message);
            }

            if (supervisor is not null)
            {
                // The first start of a cluster: etcd came up with this agent, and `up` turns authentication on once every
                // member runs (EtcdAccessControl). Until then any certificate of the etcd CA may do anything, so the node's
                // supervision, which writes to etcd, waits for it (docs/security.md, "etcd users and roles").
                await WaitForEtcdAuthAsync(coordinator!, log, stop.Token).ConfigureAwait(false);
                await supervisor.RunAsync(stop.Token).ConfigureAwait(false);
            }
            else
            {
                // A host without a Galera node (a router, an arbitrator) only runs its daemons until SIGTERM, and then
                // stops them like any other host: the wait ends without throwing, so the stop below always runs.
                await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            return await StopAsync(daemons, stop, serving, log).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // SIGTERM while waiting (for etcd's authentication, or a daemon's start): what already runs stops too, in
            // reverse order, as `down` expects of every agent.
            log.Info("stopped before its supervision began");
            if (runner is not null)
            {
                await runner.StopAsync(CancellationToken.None).ConfigureAwait(false);
                log.Info($"exited cleanly: {runner.Current}");
            }

            return ExitOk;
        }
        catch (Exception ex)
        {
            log.Warn($"fatal: {ex}");
            return ExitFailed;
        }
        finally
        {
            if (coordinator is not null)
            {
                await coordinator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Each daemon in reverse dependency order (mariadbd and garbd before etcd), then the agent exits.</summary>
    private static async Task<int> StopAsync(HostDaemons daemons, CancellationTokenSource stop, Task serving, AgentLog log)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await daemons.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await serving.ConfigureAwait(false);
        log.Info($"exited cleanly: {daemons.Current}");
        return ExitOk;
    }

    private static async Task WaitForEtcdAuthAsync(EtcdCoordinator coordinator, AgentLog log, CancellationToken cancellationToken)
    {
        var said = false;
        while (true)
        {
            try
            {
                if (await coordinator.IsAuthEnforcedAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (said)
                    {
                        log.Info("etcd enforces authentication: supervision starts");
                    }

                    return;
                }
            }
            catch (CoordinationException ex)
            {
                if (!said)
                {
                    log.Info($"waiting for etcd: {ex.Message}");
                }

                said = true;
                await Task.Delay(AuthPollInterval, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!said)
            {
                log.Info("waiting until etcd enforces authentication (`up` turns it on once every member runs)");
                said = true;
            }

            await Task.Delay(AuthPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>GET /daemons</c>: the host's daemons as the runner sees them (JSON). On a Galera node everything else is the
    /// node's (health for HAProxy, metrics); on other hosts <c>GET /</c> is 200 while every daemon is ready or running.
    /// </summary>
    private static HttpReply Handle(string path, HostAgentConfig host, NodeSupervisor? supervisor, HostDaemons daemons)
    {
        if (path == "/daemons")
        {
            return new HttpReply(200, "application/json", JsonSerializer.Serialize(daemons.Current, AgentConfigJsonContext.Default.HostDaemonsSnapshot));
        }

        if (supervisor is not null)
        {
            return supervisor.Handle(path);
        }

        if (path is "/" or "/health")
        {
            var down = daemons.Current.Daemons.Where(d => d.State is not (DaemonState.Ready or DaemonState.Running)).ToList();
            return down.Count == 0
                ? new HttpReply(200, "text/plain; charset=utf-8", $"{host.Host}: every daemon runs")
                : new HttpReply(503, "text/plain; charset=utf-8", $"{host.Host}: " + string.Join("; ", down));
        }

        return new HttpReply(404, "text/plain", "not found");
    }
}
