using System.Collections.Immutable;
using Meridian.Core.Dashboard;
using Meridian.Core.Hosts;
using Meridian.Core.Metrics;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Providers.Ssh;
using Meridian.Runtime.Vpn;

namespace Meridian.Dashboard.Ssh;

/// <summary>
/// The dashboard's facts for a provider: ssh cluster, and so for provider: aws, whose instances are an ssh cluster
/// (docs/dashboard.md, "Providers"). It keeps one SSH session per host open for its whole run (a handshake per host
/// per second would cost more than the reads) and reads what the agents serve on each host, as `meridian status` does:
/// - every second, each Galera node's GET /metrics (one request gives the node's state and the charts' counters);
/// - at most every <see cref="SlowInterval"/>, in the background: the RTT through each tunnel (three pings from the
///   initiating router's LAN address to the other router's, so they take the tunnel) and the etcd member's and garbd's
///   daemon state from their host's GET /daemons.
/// A host that cannot be reached is a problem on the page and a gap in the charts; the sessions are opened again at
/// most every <see cref="ReconnectInterval"/> while one is missing. There are no lab controls and no WAN byte counters
/// (no emulated WAN); F comes from the spec's RTTs. The recovery epoch is not read (it is in etcd, which the operator
/// reaches only through a host): the timeline has no recovery events for these providers yet.
/// </summary>
public sealed class SshDashboardSource(ClusterPlan plan, Func<CancellationToken, Task<SshSessions>> openSessions, TimeProvider clock)
    : IDashboardSource, IDashboardMetricsSource, IAsyncDisposable
{
    public static readonly TimeSpan SlowInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan ReconnectInterval = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private readonly SemaphoreSlim opening = new(1, 1);
    private readonly Dictionary<string, double?> tunnelRtt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DaemonSnapshot> daemons = new(StringComparer.Ordinal);
    private SshSessions? sessions;
    private DateTimeOffset openedAt = DateTimeOffset.MinValue;
    private bool reconnect;
    private DateTimeOffset slowReadAt = DateTimeOffset.MinValue;
    private bool slowReading;
    private MetricsRound? lastRound;

    public async Task<DashboardSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var takenAt = clock.GetUtcNow();
        var current = await SessionsAsync(cancellationToken).ConfigureAwait(false);
        var scrapes = await Task.WhenAll(plan.GaleraNodes.Select(host => ScrapeAsync(current, host, cancellationToken))).ConfigureAwait(false);
        StartSlowReadIfDue(current, takenAt);

        var problems = current.Failures.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Value.Message}; fix: {f.Value.Fix}").ToImmutableArray();
        var byHost = scrapes.ToDictionary(s => s.Host.Name, StringComparer.Ordinal);
        lock (gate)
        {
            lastRound = new MetricsRound(
                takenAt,
                [.. scrapes.Select(s => s.Samples is null ? NodeMetrics.Unreachable(s.Host.Name, s.Host.Region, takenAt) : NodeMetrics.FromSamples(s.Host.Name, s.Host.Region, takenAt, s.Samples))],
                [],
                CommitFloors.ByRegion(plan, []));
            var regions = plan.Regions.Select(region => Region(region, byHost)).ToImmutableArray();
            var tunnels = plan.Tunnels.Select(Tunnel).ToImmutableArray();
            return new DashboardSnapshot(plan.Cluster, plan.Provider.ToString().ToLowerInvariant(), takenAt, regions, tunnels, problems);
        }
    }

    /// <summary>The agents as the last snapshot scraped them: the snapshot already reads every /metrics once a second.</summary>
    public async Task<MetricsRound> ScrapeAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (lastRound is { } round && clock.GetUtcNow() - round.At < TimeSpan.FromSeconds(2))
            {
                return round;
            }
        }

        await SnapshotAsync(cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            return lastRound!;
        }
    }

    private DashboardRegion Region(RegionPlan region, Dictionary<string, NodeScrape> byHost)
    {
        var nodes = region.GaleraHosts.Select(name =>
        {
            var host = plan.Host(name);
            var scrape = byHost[name];
            return MetricsNodeState.Map(host.Name, region.Name, host.LanAddress, region.Segment, scrape.Samples, scrape.Error);
        }).ToImmutableArray();
        var etcdHost = plan.Host(region.EtcdHost);
        var etcd = daemons.TryGetValue($"{region.EtcdHost}/etcd", out var etcdDaemon)
            ? new DashboardEtcdMember(region.EtcdHost, $"{etcdHost.LanAddress}:{plan.Ports.EtcdClient}", Alive(etcdDaemon), Leader: false, 0, Alive(etcdDaemon) ? null : etcdDaemon.ToString())
            : new DashboardEtcdMember(region.EtcdHost, $"{etcdHost.LanAddress}:{plan.Ports.EtcdClient}", Healthy: false, Leader: false, 0, "not read yet");
        var arbitrator = region.ArbitratorHost is { } arbitratorHost
            ? daemons.TryGetValue($"{arbitratorHost}/garbd", out var garbd)
                ? new DashboardArbitrator(arbitratorHost, Alive(garbd), garbd.State.ToString(), Primary: false, "unknown", 0, garbd.ToString())
                : new DashboardArbitrator(arbitratorHost, Running: false, DashboardNode.NoReport, Primary: false, "unknown", 0, "not read yet")
            : null;
        return new DashboardRegion(region.Name, region.Cidr.ToString(), region.Segment, new DashboardRouter(region.RouterHost, region.RouterLanAddress, region.WanAddress), nodes, etcd, arbitrator, null);
    }

    /// <summary>Ready (its readiness probe passed, etcd's) or Running (alive, not probed, garbd's): docs/agent.md.</summary>
    private static bool Alive(DaemonSnapshot daemon) => daemon.State is DaemonState.Ready or DaemonState.Running;

    private DashboardTunnel Tunnel(TunnelPlan tunnel)
    {
        var pair = $"{tunnel.InitiatorRegion}~{tunnel.ResponderRegion}";
        var configured = plan.Rtt.Get(tunnel.InitiatorRegion, tunnel.ResponderRegion).TotalMilliseconds;
        if (!tunnelRtt.TryGetValue(pair, out var rtt))
        {
            return new DashboardTunnel(pair, tunnel.InitiatorRegion, tunnel.ResponderRegion, Up: false, Cut: false, configured, null, 0, "not measured yet");
        }

        return new DashboardTunnel(pair, tunnel.InitiatorRegion, tunnel.ResponderRegion, rtt is not null, Cut: false, configured, rtt, 0,
            rtt is null ? "no ping through the tunnel came back" : "pings through the tunnel come back");
    }

    private async Task<NodeScrape> ScrapeAsync(SshSessions current, HostPlan host, CancellationToken cancellationToken)
    {
        if (!current.Sessions.TryGetValue(host.Name, out var session))
        {
            return new NodeScrape(host, null, current.Failures.TryGetValue(host.Name, out var failure) ? failure.Message : "not reached over SSH");
        }

        try
        {
            var reply = await RemoteAgentHttp.GetAsync(session, host.LanAddress, plan.Ports.AgentHttp, "/metrics", cancellationToken).ConfigureAwait(false);
            return reply.Ok
                ? new NodeScrape(host, PrometheusTextParser.Parse(reply.Body), null)
                : new NodeScrape(host, null, reply.StatusCode == 0 ? "the agent does not answer" : $"the agent answered {reply.StatusCode}");
        }
        catch (SshHostException e)
        {
            MarkForReconnect();
            return new NodeScrape(host, null, e.Message);
        }
    }

    private void StartSlowReadIfDue(SshSessions current, DateTimeOffset now)
    {
        lock (gate)
        {
            if (slowReading || now - slowReadAt < SlowInterval)
            {
                return;
            }

            slowReading = true;
        }

        _ = SlowReadAsync(current);
    }

    /// <summary>Tunnel RTTs and daemon states, each read in parallel; one that fails keeps its last value.</summary>
    private async Task SlowReadAsync(SshSessions current)
    {
        try
        {
            var pings = plan.Tunnels.Select(async tunnel =>
            {
                var from = plan.Region(tunnel.InitiatorRegion);
                var to = plan.Region(tunnel.ResponderRegion);
                if (!current.Sessions.TryGetValue(from.RouterHost, out var router))
                {
                    return;
                }

                var ping = string.Join(' ', TunnelProbe.PingArguments(from.RouterLanAddress, to.RouterLanAddress).Select(ShellQuote.Quote));
                var result = await router.RunAsync(ping).ConfigureAwait(false);
                var rtt = TunnelProbe.AverageMs(result.StandardOutput);
                lock (gate)
                {
                    tunnelRtt[$"{tunnel.InitiatorRegion}~{tunnel.ResponderRegion}"] = rtt;
                }
            });
            var hosts = plan.Regions.SelectMany(r => r.ArbitratorHost is { } a ? [r.EtcdHost, a] : new[] { r.EtcdHost }).Distinct(StringComparer.Ordinal);
            var reads = hosts.Select(async name =>
            {
                if (!current.Sessions.TryGetValue(name, out var session))
                {
                    return;
                }

                var reply = await RemoteAgentHttp.GetAsync(session, plan.Host(name).LanAddress, plan.Ports.AgentHttp, "/daemons", CancellationToken.None).ConfigureAwait(false);
                if (reply.Ok && System.Text.Json.JsonSerializer.Deserialize(reply.Body, Meridian.Core.Rendering.AgentConfigJsonContext.Default.HostDaemonsSnapshot) is { } snapshot)
                {
                    lock (gate)
                    {
                        foreach (var daemon in snapshot.Daemons)
                        {
                            daemons[$"{name}/{daemon.Name}"] = daemon;
                        }
                    }
                }
            });
            await Task.WhenAll(pings.Concat(reads)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // An SSH session that dropped: the next snapshot reconnects; the last values stay until then.
            MarkForReconnect();
        }
        finally
        {
            lock (gate)
            {
                slowReading = false;
                slowReadAt = clock.GetUtcNow();
            }
        }
    }

    private void MarkForReconnect()
    {
        lock (gate)
        {
            reconnect = true;
        }
    }

    /// <summary>The open sessions; opened again when a host is missing or a session dropped, at most every <see cref="ReconnectInterval"/>.</summary>
    private async Task<SshSessions> SessionsAsync(CancellationToken cancellationToken)
    {
        await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            bool due;
            lock (gate)
            {
                due = sessions is null || ((reconnect || sessions.Failures.Count > 0) && now - openedAt >= ReconnectInterval);
            }

            if (!due)
            {
                return sessions!;
            }

            var fresh = await openSessions(cancellationToken).ConfigureAwait(false);
            SshSessions? old;
            lock (gate)
            {
                old = sessions;
                sessions = fresh;
                openedAt = now;
                reconnect = false;
            }

            if (old is not null)
            {
                await old.DisposeAsync().ConfigureAwait(false);
            }

            return fresh;
        }
        finally
        {
            opening.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (sessions is { } open)
        {
            await open.DisposeAsync().ConfigureAwait(false);
        }

        opening.Dispose();
    }

    private sealed record NodeScrape(HostPlan Host, IReadOnlyList<PrometheusSample>? Samples, string? Error);
}
