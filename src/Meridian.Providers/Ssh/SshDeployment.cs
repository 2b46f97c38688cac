using System.Collections.Immutable;
using System.Security.Cryptography;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Files;
using Meridian.Runtime.Pki;

namespace Meridian.Providers.Ssh;

/// <summary>
/// `up` and `down` for provider: ssh (docs/providers.md): every host worked on in parallel over its SSH session. `up`
/// checks every host before it changes any (so a bad host stops it with nothing half-done), then per host installs
/// missing packages, the agent binary and the host's bundle (only what changed, by content hash), the agent's service,
/// and starts the agent, which runs the host's daemons. Across hosts it turns etcd authentication on once every member
/// runs, and waits until every agent reports its host healthy: each Galera node Synced. A host whose files changed while
/// its agent ran gets its agent restarted, one host at a time, each healthy again before the next.
/// </summary>
public sealed class SshDeployment(ClusterPlan plan, DeploymentLayout state, SshDeploymentOptions options, IDeploymentProgress progress)
{
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(500);

    private HostLayout Remote => RemoteLayout.ForCluster(plan.Cluster);

    private IEnumerable<HostPlan> Hosts => plan.Hosts.Where(h => h.Ssh is not null);

    public async Task<SshUpReport> UpAsync(CancellationToken cancellationToken)
    {
        await using var sessions = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        var facts = await PreflightAsync(sessions, cancellationToken).ConfigureAwait(false);

        progress.Cluster($"rendering configs and certificates in {state.StateDirectory}");
        var bundles = await RenderAsync(cancellationToken).ConfigureAwait(false);
        var agent = await File.ReadAllBytesAsync(options.AgentExecutable, cancellationToken).ConfigureAwait(false);
        var agentHash = Convert.ToHexStringLower(SHA256.HashData(agent));

        var results = await Task.WhenAll(Hosts.Select(host => InstallAsync(host, sessions.Sessions[host.Name], facts[host.Name], bundles[host.Name], agent, agentHash, cancellationToken))).ConfigureAwait(false);
        var byHost = results.ToDictionary(r => r.Host, StringComparer.Ordinal);

        // Agents that do not run yet start together: each waits for what it needs (etcd, its auth, a Primary component).
        var started = await Task.WhenAll(Hosts.Select(async host =>
        {
            var service = Service(sessions, facts, host);
            var result = byHost[host.Name];
            var running = await service.IsRunningAsync(cancellationToken).ConfigureAwait(false);
            if (running && NeedsRestart(result)
                && !(await HealthAsync(sessions, host, cancellationToken).ConfigureAwait(false)).Ok)
            {
                // Not healthy anyway (an earlier `up` that stopped midway): no quorum to protect, so no rolling wait.
                progress.Host(host.Name, "restarting the agent now: files changed and the host is not healthy");
                await service.StopAsync(cancellationToken).ConfigureAwait(false);
                running = false;
                result = result with { AgentRestarted = true };
            }

            if (!running)
            {
                progress.Host(host.Name, "starting the agent");
                await service.StartAsync(cancellationToken).ConfigureAwait(false);
                await WriteStampAsync(sessions.Sessions[host.Name], result, cancellationToken).ConfigureAwait(false);
                result = result with { AgentStarted = !result.AgentRestarted };
            }

            return result;
        })).ConfigureAwait(false);
        byHost = started.ToDictionary(r => r.Host, StringComparer.Ordinal);

        // A running agent whose host got new files or a new binary reads them only when it starts. Routers first, one at
        // a time: the tunnels everything else needs must carry the new settings before the cluster-wide wait (a router
        // is healthy once its charon and HAProxy run, so its restart is quick).
        await RollingRestartAsync(sessions, facts, byHost, Hosts.Where(h => h.Is(HostRole.Router)), cancellationToken).ConfigureAwait(false);
        await WaitHealthyAsync(sessions, Hosts.Where(h => h.Is(HostRole.Router)), cancellationToken).ConfigureAwait(false);
        await EnsureTunnelsAsync(sessions, cancellationToken).ConfigureAwait(false);
        await EnsureEtcdAuthAsync(sessions, cancellationToken).ConfigureAwait(false);
        await WaitHealthyAsync(sessions, Hosts, cancellationToken).ConfigureAwait(false);

        // Then every other host, one at a time, each healthy again (a Galera node Synced) before the next, so the
        // cluster keeps its quorum throughout.
        await RollingRestartAsync(sessions, facts, byHost, Hosts.Where(h => !h.Is(HostRole.Router)), cancellationToken).ConfigureAwait(false);
        await EnsureAppUserTlsAsync(sessions, cancellationToken).ConfigureAwait(false);
        var endpoints = plan.Regions.Select(r =>
        {
            var router = plan.Host(r.RouterHost);
            return new SshRegionEndpoint(r.Name, router.Name, router.LanAddress, plan.Ports.Endpoint, router.WanAddress);
        });
        return new SshUpReport([.. Hosts.Select(h => byHost[h.Name])], [.. endpoints]);
    }

    private async Task RollingRestartAsync(SshSessions sessions, IReadOnlyDictionary<string, HostFacts> facts, Dictionary<string, SshHostUpResult> byHost, IEnumerable<HostPlan> hosts, CancellationToken cancellationToken)
    {
        foreach (var host in hosts.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            var result = byHost[host.Name];
            if (result.AgentStarted || result.AgentRestarted || !NeedsRestart(result))
            {
                continue;
            }

            progress.Host(host.Name, "restarting the agent: it runs older files or an older binary than these");
            var service = Service(sessions, facts, host);
            await service.StopAsync(cancellationToken).ConfigureAwait(false);
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
            await WriteStampAsync(sessions.Sessions[host.Name], result, cancellationToken).ConfigureAwait(false);
            byHost[host.Name] = result with { AgentRestarted = true };
            await WaitHealthyAsync(sessions, [host], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops every agent (Galera nodes, arbitrators and etcd-only hosts first, then the routers, which carry the
    /// tunnels their goodbyes need) and removes what `up` installed; <paramref name="keepData"/> keeps each host's data/
    /// and the local PKI and secrets. A host that cannot be reached stops `down` before any agent is stopped, with its
    /// error, so a re-run after the fix finds every host as it was.
    /// </summary>
    public async Task<SshDownReport> DownAsync(bool keepData, CancellationToken cancellationToken)
    {
        await using var sessions = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        var systemd = await Task.WhenAll(Hosts.Select(async h => (h.Name, Systemd: await sessions.Sessions[h.Name].HasSystemdAsync(cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        var hasSystemd = systemd.ToDictionary(s => s.Name, s => s.Systemd, StringComparer.Ordinal);
        var stopped = new List<string>();
        foreach (var rank in Hosts.GroupBy(h => h.Is(HostRole.Router) ? 1 : 0).OrderBy(g => g.Key))
        {
            var ranked = await Task.WhenAll(rank.Select(async host =>
            {
                progress.Host(host.Name, "stopping the agent and its daemons");
                var service = new RemoteAgentService(sessions.Sessions[host.Name], plan.Cluster, hasSystemd[host.Name]);
                var was = await service.StopAsync(cancellationToken).ConfigureAwait(false);
                await service.RemoveAsync(cancellationToken).ConfigureAwait(false);
                return was ? host.Name : null;
            })).ConfigureAwait(false);
            stopped.AddRange(ranked.OfType<string>());
        }

        await Task.WhenAll(Hosts.Select(async host =>
        {
            progress.Host(host.Name, keepData ? $"removing {Remote.Root} but data/" : $"removing {Remote.Root}");
            await sessions.Sessions[host.Name].RunCheckedAsync("removing Meridian's files", RemoveScript(host, keepData), cancellationToken: cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);

        if (!keepData && Directory.Exists(state.StateDirectory))
        {
            Directory.Delete(state.StateDirectory, recursive: true);
        }

        return new SshDownReport([.. stopped.Order(StringComparer.Ordinal)], [.. Hosts.Select(h => h.Name)], keepData);
    }

    /// <summary>Every host as its agent sees it; an unreachable host is reported with its error, not skipped.</summary>
    public async Task<ImmutableArray<SshHostStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        await using var sessions = await SshSessions.OpenAsync(plan, options.SpecDirectory, options.KnownHosts, null, cancellationToken).ConfigureAwait(false);
        var statuses = await Task.WhenAll(Hosts.Select(async host =>
        {
            if (!sessions.Sessions.TryGetValue(host.Name, out var session))
            {
                var failure = sessions.Failures[host.Name];
                return new SshHostStatus(host.Name, host.Region, host.Ssh!.Address, $"{failure.Message} ({failure.Fix})", null, 0, "not reached", []);
            }

            var systemd = await session.HasSystemdAsync(cancellationToken).ConfigureAwait(false);
            var pid = await new RemoteAgentService(session, plan.Cluster, systemd).PidAsync(cancellationToken).ConfigureAwait(false);
            var health = await RemoteAgentHttp.GetAsync(session, host.LanAddress, plan.Ports.AgentHttp, "/", cancellationToken).ConfigureAwait(false);
            var daemons = await RemoteAgentHttp.GetAsync(session, host.LanAddress, plan.Ports.AgentHttp, "/daemons", cancellationToken).ConfigureAwait(false);
            var snapshot = daemons.Ok ? System.Text.Json.JsonSerializer.Deserialize(daemons.Body, AgentConfigJsonContext.Default.HostDaemonsSnapshot) : null;
            var text = health.StatusCode == 0 ? (pid is null ? "agent not running" : "agent not answering") : FirstLine(health.Body);
            return new SshHostStatus(host.Name, host.Region, host.Ssh!.Address, null, pid, health.StatusCode, text, snapshot?.Daemons ?? []);
        })).ConfigureAwait(false);
        return [.. statuses];
    }

    private RemoteAgentService Service(SshSessions sessions, IReadOnlyDictionary<string, HostFacts> facts, HostPlan host) =>
        new(sessions.Sessions[host.Name], plan.Cluster, facts[host.Name].HasSystemd);

    /// <summary>Every host's session, or one error that lists every host that could not be reached.</summary>
    public async Task<SshSessions> OpenCheckedAsync(CancellationToken cancellationToken)
    {
        var sessions = await SshSessions.OpenAsync(plan, options.SpecDirectory, options.KnownHosts, progress.Host, cancellationToken).ConfigureAwait(false);
        if (sessions.Failures.Count > 0)
        {
            await sessions.DisposeAsync().ConfigureAwait(false);
            var failures = sessions.Failures.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
            throw new SshDeploymentException(
                string.Join("\n", failures.Select(f => f.Value.Message)),
                string.Join("\n", failures.Select(f => $"{f.Key}: {f.Value.Fix}")) + "\nnothing was changed on any host; run the same command again once fixed");
        }

        return sessions;
    }

    /// <summary>The same checks as `meridian hosts check`; any problem stops `up` before a host is changed.</summary>
    private async Task<IReadOnlyDictionary<string, HostFacts>> PreflightAsync(SshSessions sessions, CancellationToken cancellationToken)
    {
        var reports = await SshPreflight.CheckAsync(plan, sessions, cancellationToken).ConfigureAwait(false);
        var problems = reports.Where(r => !r.Ready).ToList();
        if (problems.Count > 0)
        {
            throw new SshDeploymentException(
                string.Join("\n", problems.SelectMany(r => r.Problems.Select(p => $"{r.Host} ({r.Address}): {p.Message}"))),
                string.Join("\n", problems.SelectMany(r => r.Problems.Select(p => $"{r.Host}: {p.Fix}"))) + "\nnothing was changed on any host; `meridian hosts check` re-checks");
        }

        foreach (var report in reports)
        {
            progress.Host(report.Host, $"{report.Os}, {(report.Systemd == true ? "systemd" : "no systemd: rc.local")}, ports free");
        }

        return reports.ToDictionary(r => r.Host, r => r.Facts!, StringComparer.Ordinal);
    }

    /// <summary>Secrets, PKI and the spec copy in the local state directory; each host's bundle with the remote layout.</summary>
    private async Task<IReadOnlyDictionary<string, ImmutableArray<BundleFile>>> RenderAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(state.StateDirectory, AtomicFile.PrivateDirectory);
        var secrets = SecretsStore.Load(state.SecretsFile);
        SecretsStore.Save(state.SecretsFile, secrets);
        AtomicFile.WriteIfChanged(state.SpecCopy, options.SpecYaml, AtomicFile.Secret);
        var pki = await Task.Run(() => PkiStore.Ensure(state.PkiDirectory, plan, cancellationToken), cancellationToken).ConfigureAwait(false);
        var configs = ClusterRenderer.Render(plan, _ => Remote, secrets);
        var files = HostBundle.Files(plan, configs, pki.Material);
        return Hosts.ToDictionary(h => h.Name, h => files.Where(f => f.Host == h.Name).ToImmutableArray(), StringComparer.Ordinal);
    }

    private async Task<SshHostUpResult> InstallAsync(HostPlan host, SshHostSession session, HostFacts facts, ImmutableArray<BundleFile> bundle, byte[] agent, string agentHash, CancellationToken cancellationToken)
    {
        var installed = await SshPackageInstaller.EnsureAsync(session, HostPackages.For(host), m => progress.Host(host.Name, m), cancellationToken).ConfigureAwait(false);
        if (host.Is(HostRole.Router))
        {
            // The router forwards between its LAN and the tunnels (https://docs.strongswan.org/docs/latest/howtos/forwarding.html).
            await session.RunCheckedAsync("enabling IPv4 forwarding", $"printf 'net.ipv4.ip_forward = 1\\n' >{ShellQuote.Quote(SysctlFile)}; sysctl -q -w net.ipv4.ip_forward=1", cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var current = await session.RunAsync($"sha256sum {RemoteLayout.AgentBinary} 2>/dev/null | cut -d' ' -f1", cancellationToken: cancellationToken).ConfigureAwait(false);
        var binaryChanged = current.StandardOutput.Trim() != agentHash;
        if (binaryChanged)
        {
            progress.Host(host.Name, $"uploading the agent ({agent.Length / (1024 * 1024)} MiB) to {RemoteLayout.AgentBinary}");
            await session.UploadAsync(RemoteLayout.AgentBinary, agent, "755", "root:root", cancellationToken).ConfigureAwait(false);
        }

        // The cluster's root and its log/ and run/ before any file: the agent's output goes to log/ from its first line.
        await session.RunCheckedAsync("creating the cluster's directories",
            $"mkdir -p {ShellQuote.Quote(Remote.Root)} && chmod 755 {ShellQuote.Quote(Remote.Root)} && mkdir -p -m 750 {ShellQuote.Quote(Remote.LogDir)} && mkdir -p -m 755 {ShellQuote.Quote(Remote.RunDir)}",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var changed = await SshBundleUploader.UploadAsync(session, Remote.Root, bundle, cancellationToken).ConfigureAwait(false);
        progress.Host(host.Name, changed.Count == 0 ? "bundle unchanged" : $"bundle: {changed.Count} file(s) written");
        var serviceChanged = await new RemoteAgentService(session, plan.Cluster, facts.HasSystemd).InstallAsync(cancellationToken).ConfigureAwait(false);
        ImmutableArray<string> filesChanged = serviceChanged ? [.. changed, "agent service"] : [.. changed];
        var stamp = $"{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(BundleManifest.Format(bundle))))} {agentHash}";
        var started = await session.RunAsync($"cat {ShellQuote.Quote(StampFile)} 2>/dev/null || true", cancellationToken: cancellationToken).ConfigureAwait(false);
        return new SshHostUpResult(host.Name, [.. installed], filesChanged, binaryChanged, AgentStarted: false, AgentRestarted: false)
        {
            Stamp = stamp,
            AgentStale = started.StandardOutput.Trim() != stamp,
        };
    }

    private string SysctlFile => $"/etc/sysctl.d/60-meridian-{plan.Cluster}.conf";

    private string RemoveScript(HostPlan host, bool keepData)
    {
        var root = ShellQuote.Quote(Remote.Root);
        var files = keepData
            ? $"[ -d {root} ] && find {root} -mindepth 1 -maxdepth 1 ! -name data -exec rm -rf {{}} + || true"
            : $"rm -rf {root}";
        // The agent binary and /var/lib/meridian go with the last cluster on the host.
        return $"{files}; rm -f {ShellQuote.Quote(SysctlFile)}; " +
            $"if [ -z \"$(ls -A {DeploymentLayout.DefaultRoot} 2>/dev/null)\" ]; then rmdir {DeploymentLayout.DefaultRoot} 2>/dev/null || true; rm -rf {RemoteLayout.AgentDirectory}; fi";
    }

    /// <summary>
    /// Every planned tunnel up, initiated again from its initiator where it is not: each router's charon loads its
    /// connections when it starts (strongswan.conf's start-scripts), and an initiator that asked before its responder
    /// had loaded got NO_PROPOSAL_CHOSEN, after which charon does not retry on its own (docs/vpn.md).
    /// </summary>
    private async Task EnsureTunnelsAsync(SshSessions sessions, CancellationToken cancellationToken)
    {
        progress.Cluster($"VPN: {plan.Tunnels.Length} tunnel(s)");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(plan.Tunnels.Select(async tunnel =>
        {
            var router = plan.Region(tunnel.InitiatorRegion).RouterHost;
            var swanctl = new Runtime.Vpn.Swanctl(new SshCommandRunner(sessions.Sessions[router]), Remote);
            while (true)
            {
                ImmutableArray<Runtime.Vpn.IkeSaStatus> sas;
                try
                {
                    sas = await swanctl.ListSasAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Runtime.Processes.CommandFailedException) when (watch.Elapsed < TunnelTimeout)
                {
                    // charon still starting (its agent has just started it): no vici socket yet.
                    await Task.Delay(HealthPollInterval, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (sas.Any(sa => sa.Name == tunnel.Name && sa.State == Runtime.Vpn.IkeSaStatus.Established && sa.Children.Any(c => c.IsInstalled)))
                {
                    progress.Host(router, $"tunnel {tunnel.Name} to {tunnel.ResponderRegion} up");
                    return;
                }

                if (watch.Elapsed > TunnelTimeout)
                {
                    throw new SshDeploymentException(
                        $"tunnel {tunnel.Name} ({tunnel.InitiatorRegion} → {tunnel.ResponderRegion}) is not up after {TunnelTimeout.TotalSeconds:0} s",
                        $"check UDP 500 and 4500 between the routers' public addresses, and charon's log on {router}: {Remote.LogDir}/charon.log");
                }

                progress.Host(router, $"initiating tunnel {tunnel.Name} to {tunnel.ResponderRegion}");
                await swanctl.InitiateAsync(tunnel.Name, cancellationToken).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
    }

    private static readonly TimeSpan TunnelTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// etcd's users and roles, then authentication on (docs/security.md, "etcd users and roles"), through etcdctl on the
    /// first member with root's certificate, which is copied there only for this and removed afterwards.
    /// </summary>
    private async Task EnsureEtcdAuthAsync(SshSessions sessions, CancellationToken cancellationToken)
    {
        var member = plan.EtcdMembers.First();
        var session = sessions.Sessions[member.Name];
        progress.Cluster($"etcd: users, roles and authentication (etcdctl on {member.Name})");
        // Each etcdctl call is a round trip over SSH: a re-run whose users and roles were set up from the same plan only
        // turns authentication on again, which etcd answers with success when it is on, and refuses when a wiped etcd
        // has no root user any more (etcd 3.4 has no `auth status`); then everything is set up again.
        var access = string.Join("\n", EtcdAccess.Users(plan).Select(u => $"{u.User}: {string.Join(", ", u.Permissions)}"));
        var marker = Path.Combine(state.StateDirectory, "etcd-access.sha256");
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(access)));
        var remoteEtcdctl = new RemoteEtcdctl(session, plan, state.PkiDirectory, Remote);
        await remoteEtcdctl.WithRootCertificateAsync(async etcdctl =>
        {
            if (File.Exists(marker) && File.ReadAllText(marker).Trim() == hash)
            {
                var enable = await etcdctl(["auth", "enable"], true, cancellationToken).ConfigureAwait(false);
                if (enable.Succeeded)
                {
                    return;
                }
            }

            await new Runtime.Etcd.EtcdAccessControl(plan, etcdctl).EnsureAsync(cancellationToken).ConfigureAwait(false);
            AtomicFile.Write(marker, hash + "\n", AtomicFile.Secret);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The application user's TLS requirement on a running cluster (AppAccountTls in the lab), as root over the first node's socket.</summary>
    private async Task EnsureAppUserTlsAsync(SshSessions sessions, CancellationToken cancellationToken)
    {
        var sql = AccountSql.TlsRequirement(plan.Database.User, plan.Database.RequireTls);
        var node = plan.GaleraNodes.First();
        await sessions.Sessions[node.Name].RunCheckedAsync(
            $"setting the application user's TLS requirement on {node.Name}",
            $"{AgentConfigRenderer.ClientBinary} --no-defaults --socket={ShellQuote.Quote(MariadbConfigRenderer.SocketPath(Remote))} --user=root -N -B",
            sql,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Until every host's agent answers 200 on its health path (a Galera node: Synced), with each change of a host's answer shown.</summary>
    private async Task WaitHealthyAsync(SshSessions sessions, IEnumerable<HostPlan> hosts, CancellationToken cancellationToken)
    {
        var waiting = hosts.ToList();
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        progress.Cluster(waiting.Count == 1 ? $"waiting for {waiting[0].Name} to be healthy"
            : waiting.All(h => h.Is(HostRole.Router)) ? "waiting for the routers' charon and HAProxy"
            : "waiting for every host's agent: each Galera node Synced");
        while (true)
        {
            var replies = await Task.WhenAll(waiting.Select(async h => (Host: h, Reply: await HealthAsync(sessions, h, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
            foreach (var (host, reply) in replies)
            {
                var text = reply.StatusCode == 0 ? "agent not answering yet" : FirstLine(reply.Body);
                if (!last.TryGetValue(host.Name, out var previous) || previous != text)
                {
                    last[host.Name] = text;
                    progress.Host(host.Name, text);
                }
            }

            waiting = [.. replies.Where(r => !r.Reply.Ok).Select(r => r.Host)];
            if (waiting.Count == 0)
            {
                return;
            }

            if (watch.Elapsed > options.Timeout)
            {
                throw new SshDeploymentException(
                    $"not healthy after {options.Timeout.TotalSeconds:0} s: " + string.Join("; ", waiting.Select(h => $"{h.Name}: {last[h.Name]}")),
                    $"look at the agent's log on each host: {Remote.LogDir}/agent.log (and error.log, etcd.log, garbd.log beside it); `meridian up` again continues");
            }

            await Task.Delay(HealthPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Until every Galera node's agent answers 200 (Synced and serving) at the same poll; how long that took, or null
    /// after <paramref name="timeout"/> (the checker then reads nothing back). Nothing is printed.
    /// </summary>
    public async Task<TimeSpan?> WaitForNodesSyncedAsync(SshSessions sessions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var replies = await Task.WhenAll(plan.GaleraNodes.Select(n => HealthAsync(sessions, n, cancellationToken))).ConfigureAwait(false);
            if (replies.All(r => r.Ok))
            {
                return watch.Elapsed;
            }

            await Task.Delay(HealthPollInterval, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>The agent's health answer: 200 once its host is healthy (a Galera node Synced; docs/agent.md).</summary>
    private Task<AgentHttpReply> HealthAsync(SshSessions sessions, HostPlan host, CancellationToken cancellationToken) =>
        RemoteAgentHttp.GetAsync(sessions.Sessions[host.Name], host.LanAddress, plan.Ports.AgentHttp, "/", cancellationToken);

    /// <summary>An agent reads its files and binary when it starts: new ones need a restart.</summary>
    private static bool NeedsRestart(SshHostUpResult result) => result.AgentStale;

    /// <summary>
    /// What the running agent started with: the bundle manifest's and the binary's hashes, written after each start by
    /// `up`. Comparing it, not only this run's writes, finds an agent that an interrupted `up` left on older files.
    /// </summary>
    private string StampFile => Path.Combine(Remote.RunDir, "agent.stamp");

    private async Task WriteStampAsync(SshHostSession session, SshHostUpResult result, CancellationToken cancellationToken) =>
        await session.UploadAsync(StampFile, System.Text.Encoding.UTF8.GetBytes(result.Stamp + "\n"), "644", "root:root", cancellationToken).ConfigureAwait(false);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
