using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Hosts;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>meridian-agent --config HOSTDIR/agent.json: supervises one mariadbd inside the node's namespace (docs/agent.md).</summary>
public static class Program
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;
    public const int ExitFailed = 1;

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
        if (host.Node is not { } config)
        {
            await Console.Error.WriteLineAsync($"meridian-agent: {host.Host} is not a Galera node.").ConfigureAwait(false);
            return ExitUsage;
        }

        if (!File.Exists(config.Paths.Secrets))
        {
            await Console.Error.WriteLineAsync($"meridian-agent: {config.Paths.Secrets} is missing; it is written by `meridian up`.").ConfigureAwait(false);
            return ExitUsage;
        }

        var secrets = SecretsFile.Load(config.Paths.Secrets);
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
        // The host's runner, inside the host (docs/architecture.md, "Hosts and their daemons"). In the lab the supervisor
        // still starts etcd, HAProxy, charon and garbd itself, so the agent's runner holds only what the agent owns:
        // mariadbd, which its NodeSupervisor starts and the runner shows and stops in order (docs/agent.md).
        var owned = new HostDaemonSet(host.Host, host.DaemonSet().Daemons.Where(d => !d.RunnerStarts).Select(d => d with { DependsOn = [] }));
        // Not disposed on a fatal error: stopping the runner would stop mariadbd, which must outlive its agent.
        var daemons = new HostDaemons(owned, HostContext.Inside, new HostDaemonsOptions { Log = log.Info });
        try
        {
            // This region's member first: reads and writes go to the nearest member (EtcdCoordinatorOptions).
            var endpoints = config.Etcd.Endpoints.Select(e => new Uri(e)).OrderBy(u => u.Host == config.Http.Address ? 0 : 1).ToList();
            await using var coordinator = EtcdCoordinatorFactory.Create(endpoints, config.Etcd.CertFile, config.Etcd.KeyFile, config.Etcd.CaFile, config.Cluster);
            var supervisor = new NodeSupervisor(config, secrets, coordinator, ProcessCommandRunner.Instance, log)
            {
                MariadbdStarted = identity => daemons.Attach(DaemonNames.Mariadbd, identity),
            };
            var http = new HealthHttpServer(new IPEndPoint(IPAddress.Parse(host.Http.Address), host.Http.Port), path => Handle(path, supervisor, daemons), log);
            var serving = http.RunAsync(stop.Token);
            await daemons.StartAsync(stop.Token).ConfigureAwait(false);
            await supervisor.RunAsync(stop.Token).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await serving.ConfigureAwait(false);
            await daemons.StopAsync(CancellationToken.None).ConfigureAwait(false);
            log.Info("exited cleanly");
            return ExitOk;
        }
        catch (Exception ex)
        {
            log.Warn($"fatal: {ex}");
            return ExitFailed;
        }
    }

    /// <summary><c>GET /daemons</c>: the host's daemons as the runner sees them (JSON); everything else is the node's.</summary>
    private static HttpReply Handle(string path, NodeSupervisor supervisor, HostDaemons daemons) =>
        path == "/daemons"
            ? new HttpReply(200, "application/json", JsonSerializer.Serialize(daemons.Current, AgentConfigJsonContext.Default.HostDaemonsSnapshot))
            : supervisor.Handle(path);
}
