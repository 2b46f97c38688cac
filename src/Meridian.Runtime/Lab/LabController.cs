using System.Diagnostics;
using System.Globalization;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Endpoints;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Sql;
using Meridian.Runtime.Pki;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Lab;

/// <summary>
/// What `up`, `down`, `status` and `wan` do for the local provider. Each step converges: it checks what exists and
/// makes only what is missing, so `up` after a Ctrl-C or a crash picks up where it stopped.
/// </summary>
public sealed class LabController(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner, string meridianExecutable)
{
    private readonly LabStateStore store = new(layout.StateFile);

    public ClusterPlan Plan => plan;

    public DeploymentLayout Layout => layout;

    public async Task UpNetworkAsync(string specYaml, IStepReporter steps, CancellationToken cancellationToken)
    {
        RequireRoot();
        await steps.RunAsync("render configs and certificates", async ct =>
        {
            await RefuseForeignNamespacesAsync(ct).ConfigureAwait(false);
            var secrets = SecretsStore.Load(layout.SecretsFile);
            var configs = ClusterRenderer.Render(plan, layout, secrets);
            LogDirectory.Ensure(layout.LogDirectory);
            store.Update(plan.Cluster, layout.StateDirectory, s => s.WithFile(layout.StateDirectory));
            SecretsStore.Save(layout.SecretsFile, secrets);
            AtomicFile.WriteIfChanged(layout.SpecCopy, specYaml, AtomicFile.Secret);
            var pki = await Task.Run(() => PkiStore.Ensure(layout.PkiDirectory, plan, ct), ct).ConfigureAwait(false);
            var written = BundleWriter.Write(plan, layout, configs, pki.Material);
            // A rewritten config or key is root:root until here; running daemons re-read some (etcd loads its key at
            // every handshake), so their group gets it back at once, not at their next start (docs/security.md).
            DaemonFiles.ApplyGroups(plan, layout);
            return written.Written.Length;
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("network namespaces and region LANs", async ct =>
        {
            // Record the namespaces before creating them, so a Ctrl-C midway still leaves `down` a complete list.
            store.Update(plan.Cluster, layout.StateDirectory, s => plan.Hosts.Aggregate(s, (state, h) => state.WithNamespace(h.Namespace)));
            return await new LocalFabric(plan, runner).BuildAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("lab supervisor and WAN hub", EnsureSupervisorAsync, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("strongSwan full mesh", async ct =>
        {
            return await SendAsync(new VpnUpRequest(), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Before anything is written: a namespace this plan needs that exists but is not in this cluster's state file
    /// belongs to someone else, and `up` stops rather than adopt (and re-tag) it (docs/lab.md, "Names").
    /// </summary>
    private async Task RefuseForeignNamespacesAsync(CancellationToken cancellationToken)
    {
        var existing = await IpRoute2.ListNamespacesAsync(runner, cancellationToken).ConfigureAwait(false);
        var recorded = store.Load()?.Namespaces ?? [];
        var foreign = NamespaceOwnership.Foreign(plan.Hosts.Select(h => h.Namespace), existing, recorded);
        if (foreign.Length > 0)
        {
            throw new LabException(
                $"network namespace(s) {string.Join(", ", foreign)} already exist but are not recorded in {layout.StateFile}: they are not this lab's, so `up` will not adopt them",
                $"if they are left from an earlier '{plan.Cluster}' lab whose state was lost, `meridian down` with this spec removes them; otherwise delete them with `ip netns del NAME`, or pick another cluster name");
        }
    }

    /// <summary>HAProxy serves a Synced node after `rise 2` checks 1 s apart; 30 s also covers a slow first login.</summary>
    private static readonly TimeSpan EndpointTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Where every region's SQL endpoint listens in the root namespace, on <see cref="RegionPlan.LocalEndpointPort"/> (endpoints.port + the region's position; docs/spec.md).</summary>
    public const string EndpointHost = Planner.LoopbackAddress;

    /// <summary>
    /// The application account `up` created (password from secrets.env) with every region's 127.0.0.1 endpoint, and the
    /// SQL CA and client certificate in pki/ that Meridian's clients use for TLS (docs/security.md, "SQL clients").
    /// </summary>
    public SqlLogin AppLogin()
    {
        var secrets = SecretsStore.Load(layout.SecretsFile);
        var database = plan.Database;
        return new SqlLogin(database.User, secrets.AppPassword, database.Name,
            [.. plan.Regions.Select(r => new SqlEndpoint(r.Name, EndpointHost, r.LocalEndpointPort))],
            SqlTls);
    }

    /// <summary>pki/ca-sql.crt and pki/bench-sql.crt/.key.</summary>
    public SqlTls SqlTls => new(
        PkiStore.CertificatePath(layout.PkiDirectory, PkiNames.CaName(TrustDomain.Sql)),
        PkiStore.CertificatePath(layout.PkiDirectory, PkiNames.BenchSqlClient),
        PkiStore.PrivateKeyPath(layout.PkiDirectory, PkiNames.BenchSqlClient));

    /// <summary>
    /// The database layer on top of the network: etcd members, agents (which bootstrap and join Galera), HAProxy and
    /// the 127.0.0.1 forwarders; returns once every node reports Synced in a Primary of the expected size, the
    /// application user's TLS requirement matches the plan, and SQL answers through every region's endpoint over
    /// verified TLS (HAProxy marks a node up only after its health checks pass).
    /// </summary>
    public async Task<DatabaseStatus> UpDatabaseAsync(IStepReporter steps, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var status = await UpGaleraAsync(steps, timeout, cancellationToken).ConfigureAwait(false);
        await steps.RunAsync(
            $"application user: REQUIRE {(plan.Database.RequireTls ? "SSL" : "NONE")} (database.requireTls: {(plan.Database.RequireTls ? "true" : "false")})",
            ct => new AppAccountTls(plan, layout, runner).EnsureAsync(ct),
            cancellationToken).ConfigureAwait(false);
        await steps.RunAsync("SQL through every region's endpoint", async ct =>
        {
            try
            {
                await EndpointReadiness.WaitAsync(AppLogin(), EndpointTimeout, steps.Note, ct).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                throw new LabException(ex.Message, $"`meridian status` shows each node; each router's HAProxy log is {layout.HostsDirectory}/ROUTER/log/{Core.Hosts.HostDaemonPlanner.HaproxyLog}");
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        return status;
    }

    private async Task<DatabaseStatus> UpGaleraAsync(IStepReporter steps, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await steps.RunAsync("etcd, agents, HAProxy and endpoints", async ct =>
            await SendAsync(new DatabaseUpRequest(), ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        var expected = plan.GaleraNodes.Count();
        var expectedSize = plan.GaleraMembers;
        var arbitrators = plan.Arbitrators.Count();
        // garbd joins last (docs/agent.md, "The arbitrator"), so a component of the full size means it is in.
        var members = arbitrators == 0 ? $"{expected} node(s)" : $"{expected} node(s) and {arbitrators} arbitrator(s)";
        return await steps.RunAsync($"Galera: {members} Synced in one Primary component of {expectedSize}", async ct =>
        {
            var deadline = Stopwatch.StartNew();
            var lastProgress = string.Empty;
            while (true)
            {
                var status = await SendAsync(new DatabaseStatusRequest(), ct).ConfigureAwait(false);
                var synced = status.Nodes.Count(n => n.Ready && n.ClusterSize == expectedSize);
                var progress = string.Join(", ", status.Nodes.OrderBy(n => n.Node, StringComparer.Ordinal).Select(n => $"{n.Node} {n.State}")
                    .Concat(status.Nodes.Count == 0 ? [] : status.Arbitrators.Select(a => $"{a.Host} (garbd) {a.State}")));
                if (progress != lastProgress && progress.Length > 0)
                {
                    steps.Note(progress);
                    lastProgress = progress;
                }

                if (synced == expected)
                {
                    return status;
                }

                if (deadline.Elapsed > timeout)
                {
                    throw new LabException(
                        $"only {synced} of {expected} Galera nodes were Synced after {timeout.TotalSeconds:F0} s ({(progress.Length > 0 ? progress : "no agent reported")})",
                        $"look at the agents' logs under {layout.HostsDirectory}/<node>/log/ (agent.log, error.log) and garbd's in <arbitrator>/log/garbd.log; `meridian status` shows the current state");
                }

                await Task.Delay(500, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every recorded process, deletes every namespace of the cluster, and removes the state directory.</summary>
    public async Task<DownReport> DownAsync(bool keepData, IStepReporter steps, CancellationToken cancellationToken)
    {
        RequireRoot();
        var stopped = await steps.RunAsync("stop the supervisor and its daemons", async ct =>
        {
            var count = 0;
            var client = new ControlClient(layout.ControlSocket);
            if (await client.IsAnsweringAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false))
            {
                var supervisor = store.Load()?.Processes.FirstOrDefault(p => p.Name == "supervisor")?.Identity;
                await client.SendAsync(new ShutdownRequest(), ct).ConfigureAwait(false);

                // Let the supervisor stop its daemons in order: agents (each mariadbd leaves the cluster while the
                // tunnels still carry its goodbye), then etcd, then the VPN. A SIGTERM now would cut that short, and
                // mariadbd would then wait out Galera's timeouts with no tunnel to its peers (measured: 20–30 s).
                if (supervisor is not null && await WaitForExitAsync(supervisor, SupervisorShutdownGrace, ct).ConfigureAwait(false))
                {
                    count++;
                }
            }

            // Whatever is still running (a supervisor that died or hung): the nodes' agents first, so that each mariadbd
            // can leave while the routers still carry the tunnels, then the routers' agents, then leftovers. Each group
            // is stopped in parallel.
            var remaining = (store.Load()?.Processes ?? []).Where(p => p.Identity.IsAlive).ToList();
            foreach (var group in remaining.GroupBy(StopOrder).OrderBy(g => g.Key))
            {
                await Task.WhenAll(group.Select(p => Signals.StopAsync(p.Identity, TimeSpan.FromSeconds(15), ct))).ConfigureAwait(false);
                count += group.Count();
            }

            foreach (var node in plan.GaleraNodes)
            {
                if (MariadbPid(node) is { IsAlive: true } mariadbd)
                {
                    await Signals.StopAsync(mariadbd, TimeSpan.FromSeconds(15), ct).ConfigureAwait(false);
                    count++;
                }
            }

            // A mariadbd started moments before its agent was stopped may not have written its pid file yet; it is
            // still ours if its --defaults-file lies in this cluster's host directories.
            foreach (var straggler in MariadbdsUnder(layout.HostsDirectory))
            {
                await Signals.StopAsync(straggler, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
                count++;
            }

            return count;
        }, cancellationToken).ConfigureAwait(false);

        var namespaces = await steps.RunAsync("delete network namespaces", async ct =>
        {
            var recorded = store.Load()?.Namespaces ?? [];
            foreach (var name in recorded)
            {
                await runner.RunAsync(CommandRequest.Of("ip", "netns", "delete", name).AllowingFailure(), ct).ConfigureAwait(false);
            }

            var leftovers = await LocalFabric.DeleteLeftoverNamespacesAsync(runner, plan.Cluster, ct).ConfigureAwait(false);
            return recorded.Length + leftovers.Length;
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync(keepData ? "remove runtime files (keeping data, PKI and secrets)" : "remove the state directory", _ =>
        {
            RemoveStateDirectory(keepData);
            return Task.FromResult(0);
        }, cancellationToken).ConfigureAwait(false);

        return new DownReport(stopped, namespaces);
    }

    /// <summary>Galera leaves within its suspect timeout (5 s for the lab's RTTs); etcd and the VPN then stop in about a second.</summary>
    private static readonly TimeSpan SupervisorShutdownGrace = TimeSpan.FromSeconds(45);

    /// <summary>
    /// The supervisor first; then the agents in <see cref="HostAgents.StopRank"/> order (each stops its own daemons in
    /// reverse dependency order); then any daemon left behind by an agent that was killed, daemons before the routers'.
    /// </summary>
    private int StopOrder(RecordedProcess process) => process.Name switch
    {
        "supervisor" => 0,
        HostAgents.ProcessName => 1 + RankOf(process.Host),
        _ => 3 + RankOf(process.Host),
    };

    /// <summary>A host no longer in the plan (an older spec) is stopped with the routers, last.</summary>
    private int RankOf(string host) => plan.Hosts.FirstOrDefault(h => h.Name == host) is { } planned ? HostAgents.StopRank(planned) : 1;

    private static async Task<bool> WaitForExitAsync(ProcessIdentity process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (process.IsAlive && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return !process.IsAlive;
    }

    public async Task<TResponse> SendAsync<TResponse>(ControlRequest<TResponse> request, CancellationToken cancellationToken)
    {
        var client = new ControlClient(layout.ControlSocket);
        if (!await client.IsAnsweringAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
        {
            throw new LabException(
                $"the lab '{plan.Cluster}' is not running (no supervisor answers on {layout.ControlSocket})",
                "start it with `meridian up`; `meridian down` cleans up a lab whose supervisor died");
        }

        return await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Round-trip time through the tunnel between two regions' routers, LAN address to LAN address (<see cref="Vpn.TunnelProbe"/>).</summary>
    public Task<double?> MeasureTunnelRttAsync(string fromRegion, string toRegion, CancellationToken cancellationToken) =>
        Vpn.TunnelProbe.MeasureRttAsync(plan, runner, fromRegion, toRegion, cancellationToken);

    /// <summary>Live mariadbd processes whose first argument is a --defaults-file under <paramref name="hostsDirectory"/>.</summary>
    private static List<ProcessIdentity> MariadbdsUnder(string hostsDirectory)
    {
        var prefix = $"--defaults-file={hostsDirectory}/";
        var found = new List<ProcessIdentity>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "mariadbd"
                    && arguments.Length > 1 && arguments[1].StartsWith(prefix, StringComparison.Ordinal)
                    && ProcessIdentity.TryRead(pid) is { IsAlive: true } identity)
                {
                    found.Add(identity);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>mariadbd of a node, from its pid file, only if that PID really is a mariadbd.</summary>
    private ProcessIdentity? MariadbPid(HostPlan node)
    {
        var pidFile = MariadbConfigRenderer.PidFile(layout.ForHost(node.Name));
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        var comm = File.Exists($"/proc/{pid}/comm") ? File.ReadAllText($"/proc/{pid}/comm").Trim() : string.Empty;
        return comm is "mariadbd" or "mysqld" ? ProcessIdentity.TryRead(pid) : null;
    }

    private Task<int> EnsureSupervisorAsync(CancellationToken cancellationToken) =>
        SupervisorLauncher.EnsureAsync(layout, meridianExecutable, ["supervise", "--state", layout.StateDirectory], "`meridian down` and `meridian up` again", cancellationToken);

    private void RemoveStateDirectory(bool keepData)
    {
        if (!Directory.Exists(layout.StateDirectory))
        {
            return;
        }

        if (!keepData)
        {
            Directory.Delete(layout.StateDirectory, recursive: true);
            return;
        }

        foreach (var runtime in new[] { layout.StateFile, layout.ControlSocket })
        {
            File.Delete(runtime);
        }

        foreach (var host in plan.Hosts)
        {
            var hostLayout = layout.ForHost(host.Name);
            if (Directory.Exists(hostLayout.RunDir))
            {
                Directory.Delete(hostLayout.RunDir, recursive: true);
            }
        }
    }

    private static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new LabException("the local lab needs root: it creates network namespaces, TUN devices and mounts", "run it as root, e.g. sudo ./meridian up");
        }
    }
}
