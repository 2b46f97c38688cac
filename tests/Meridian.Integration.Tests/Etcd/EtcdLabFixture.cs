using System.Collections.Concurrent;
using System.Diagnostics;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Integration.Tests.Vpn;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Pki;

namespace Meridian.Integration.Tests.Etcd;

/// <summary>
/// The VPN lab (<see cref="VpnLabFixture"/>: namespaces, WAN hub, PKI, rendered bundle, strongSwan mesh with tunnels
/// up) plus one etcd member on each region's node host, started with the rendered etcd.conf.yml by the one runner
/// (<see cref="EtcdMember"/>). Members talk to each
/// other only through the tunnels. Teardown stops every etcd this fixture started (by PID), then the VPN lab, also after
/// a failed start.
/// </summary>
public sealed class EtcdLabFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Launch to "all members healthy with one leader"; generous for a 2-core box shared with other builds.</summary>
    public static readonly TimeSpan HealthyBound = TimeSpan.FromSeconds(30);

    private readonly VpnLabFixture _vpn = new();
    private readonly bool _startMembers;

    public EtcdLabFixture()
        : this(startMembers: true)
    {
    }

    /// <param name="startMembers">False when the hosts' agents run etcd themselves (AgentClusterTests).</param>
    internal EtcdLabFixture(bool startMembers)
    {
        _startMembers = startMembers;
    }
    private readonly ConcurrentDictionary<string, EtcdMember> _members = new(StringComparer.Ordinal);

    public ClusterPlan Plan => _vpn.Plan;

    public DeploymentLayout Layout => _vpn.Layout;

    public static ICommandRunner Runner => ProcessCommandRunner.Instance;

    /// <summary>Current member process per region (a restarted member replaces the old entry).</summary>
    public IReadOnlyDictionary<string, EtcdMember> Members => _members;

    /// <summary>From the first launch until every member reported healthy with one leader.</summary>
    public TimeSpan StartupToHealthy { get; private set; }

    /// <summary>From the first launch until the last member logged "published local member to cluster through raft" (etcd's own view).</summary>
    public TimeSpan? StartupToReadyByLog { get; private set; }

    /// <summary>Each member's RSS right after the cluster became healthy.</summary>
    public IReadOnlyDictionary<string, long> ResidentBytesAtStart { get; private set; } = new Dictionary<string, long>();

    public string CaFile => PkiStore.CertificatePath(Layout.PkiDirectory, PkiNames.CaName(TrustDomain.Etcd));

    public string CliCertificateFile => PkiStore.CertificatePath(Layout.PkiDirectory, "cli");

    public string CliKeyFile => PkiStore.PrivateKeyPath(Layout.PkiDirectory, "cli");

    public HostPlan MemberHost(string region) => Plan.EtcdMembers.Single(m => m.Region == region);

    public Uri ClientUrl(string region) => new(EtcdConfigRenderer.ClientUrl(Plan, MemberHost(region)));

    public async Task InitializeAsync()
    {
        try
        {
            await _vpn.InitializeAsync();
            await _vpn.Mesh.WaitForTunnelsAsync();
            if (!_startMembers)
            {
                return;
            }

            var launchedAt = DateTimeOffset.UtcNow;
            var launched = Stopwatch.StartNew();
            await Task.WhenAll(Plan.EtcdMembers.Select(StartMemberAsync));
            await using var coordinator = CoordinatorFor(Plan.Regions[0].Name);
            await WaitUntilHealthyAsync(coordinator, HealthyBound);
            StartupToHealthy = launched.Elapsed;
            var ready = _members.Values.Select(m => EtcdLogReader.FirstAfter(m.LogFile, "published local member to cluster through raft", launchedAt)).ToArray();
            StartupToReadyByLog = ready.All(r => r is not null) ? ready.Max() - launchedAt : null;
            ResidentBytesAtStart = _members.ToDictionary(m => m.Key, m => m.Value.ResidentBytes() ?? 0);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A coordinator that dials from <paramref name="region"/>'s node namespace and asks that region's member first,
    /// then the others in plan order, as the region's agent would. It authenticates with <paramref name="region"/>'s
    /// agent certificate (tls/agent.crt), which is what an agent on that host holds.
    /// </summary>
    public EtcdCoordinator CoordinatorFor(string region, EtcdCoordinatorOptions? overrides = null)
    {
        var host = MemberHost(region);
        var hostLayout = Layout.ForHost(host.Name);
        var endpoints = Plan.Regions.Select(r => r.Name).OrderBy(r => r == region ? 0 : 1).Select(ClientUrl).ToArray();
        var options = new EtcdCoordinatorOptions
        {
            Endpoints = endpoints,
            Cluster = Plan.Cluster,
            CertificateFile = hostLayout.File(HostFilePaths.AgentCertificate),
            KeyFile = hostLayout.File(HostFilePaths.AgentKey),
            CaFile = hostLayout.File(HostFilePaths.EtcdCaCertificate),
            DialNamespace = host.Namespace,
        };
        return new EtcdCoordinator(overrides is null ? options : overrides with { Endpoints = endpoints, DialNamespace = host.Namespace });
    }

    /// <summary>Starts (or, after a crash, restarts) the member of <paramref name="region"/> and records it.</summary>
    public async Task<EtcdMember> StartMemberAsync(string region)
    {
        if (_members.TryGetValue(region, out var previous) && !previous.HasExited)
        {
            throw new InvalidOperationException($"{previous} still runs.");
        }

        var started = await EtcdMember.StartAsync(Plan, MemberHost(region), Layout.ForHost(MemberHost(region).Name));
        _members[region] = started;
        if (previous is not null)
        {
            await previous.DisposeAsync(); // Already exited: this only reaps and releases it.
        }

        return started;
    }

    /// <summary>Polls <see cref="IClusterCoordinator.HealthAsync"/> until every member is healthy and exactly one leads.</summary>
    public static async Task<IReadOnlyList<EtcdMemberHealth>> WaitUntilHealthyAsync(IClusterCoordinator coordinator, TimeSpan bound)
    {
        var stopwatch = Stopwatch.StartNew();
        IReadOnlyList<EtcdMemberHealth> health = [];
        while (stopwatch.Elapsed < bound)
        {
            health = await coordinator.HealthAsync(CancellationToken.None);
            if (health.All(h => h.Healthy) && health.Count(h => h.IsLeader) == 1)
            {
                return health;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"etcd not healthy within {bound}: {string.Join("; ", health)}");
    }

    private Task StartMemberAsync(HostPlan member) => StartMemberAsync(member.Region);

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>Idempotent: xunit may call both this and <see cref="IAsyncDisposable.DisposeAsync"/>.</summary>
    public async Task DisposeAsync()
    {
        try
        {
            foreach (var member in _members.Values)
            {
                await member.DisposeAsync();
            }

            _members.Clear();
        }
        finally
        {
            await _vpn.DisposeAsync();
        }
    }
}
