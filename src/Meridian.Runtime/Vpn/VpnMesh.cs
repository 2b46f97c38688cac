using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Meridian.Core.Planning;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// The strongSwan full mesh of one cluster: one charon per router (see <see cref="CharonLauncher"/>), configs loaded
/// responders first, and every planned tunnel watched until its CHILD_SA is INSTALLED at both ends. Also brings a single
/// router back after its charon died. The configs, certificates and keys must already be in the layout
/// (BundleWriter.Write). Not thread-safe: one operation at a time, as the lab supervisor does them.
/// </summary>
public sealed class VpnMesh : IAsyncDisposable
{
    private readonly ClusterPlan _plan;
    private readonly DeploymentLayout _layout;
    private readonly ICommandRunner _runner;
    private readonly VpnMeshOptions _options;
    private readonly CharonLauncher _launcher;
    private readonly ConcurrentDictionary<string, CharonProcess> _charons = new(StringComparer.Ordinal);

    public VpnMesh(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner, VpnMeshOptions? options = null)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _options = options ?? new VpnMeshOptions();
        _launcher = new CharonLauncher(_options.Launcher);
    }

    /// <summary>The running charons by region, e.g. to record their identities in the state file.</summary>
    public IReadOnlyDictionary<string, CharonProcess> Charons => _charons.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>swanctl bound to <paramref name="region"/>'s router.</summary>
    public Swanctl SwanctlFor(string region) =>
        new(_runner, _layout.ForHost(_plan.Region(region).RouterHost), _options.SwanctlProgram);

    /// <summary>
    /// Starts every charon, then loads configs responders first (<see cref="ResponderFirstOrder"/>), then waits until
    /// every planned tunnel is up. On failure every charon started here is stopped again.
    /// </summary>
    public async Task<VpnMeshTimings> StartAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // All charons first: a charon without its config only answers NO_PROPOSAL_CHOSEN, but a charon that is not
            // running at all makes the initiator retransmit; neither is needed once every daemon is up before any load.
            await Task.WhenAll(_plan.Regions.Select(r => StartCharonAsync(r.Name, cancellationToken))).ConfigureAwait(false);
            var charonsReady = stopwatch.Elapsed;

            foreach (var region in ResponderFirstOrder.For(_plan))
            {
                await SwanctlFor(region).LoadAllAsync(cancellationToken).ConfigureAwait(false);
            }

            var configsLoaded = stopwatch.Elapsed;
            await WaitForTunnelsAsync(_plan.Tunnels, cancellationToken).ConfigureAwait(false);
            return new VpnMeshTimings(charonsReady, configsLoaded, stopwatch.Elapsed);
        }
        catch
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Both ends' view of every planned tunnel, in plan order. A router whose charon is down reports its ends as down.</summary>
    public async Task<ImmutableArray<TunnelStatus>> GetTunnelStatusAsync(CancellationToken cancellationToken = default)
    {
        var views = await Task.WhenAll(_plan.Regions.Select(async r => (r.Name, sas: await TryListSasAsync(r.Name, cancellationToken).ConfigureAwait(false))))
            .ConfigureAwait(false);
        var byRegion = views.ToDictionary(v => v.Name, v => v.sas, StringComparer.Ordinal);
        return [.. _plan.Tunnels.Select(t => new TunnelStatus(t.Name, EndOf(t, t.InitiatorRegion, byRegion), EndOf(t, t.ResponderRegion, byRegion)))];
    }

    /// <summary>Waits until every planned tunnel is up; throws <see cref="TimeoutException"/> naming those that are not.</summary>
    public Task WaitForTunnelsAsync(CancellationToken cancellationToken = default) => WaitForTunnelsAsync(_plan.Tunnels, cancellationToken);

    /// <summary>Stops <paramref name="region"/>'s charon (SIGTERM, then SIGKILL) and reaps it. Its tunnels go down; the router's blackholes keep traffic from leaking.</summary>
    public async Task StopRouterAsync(string region, CancellationToken cancellationToken = default)
    {
        if (_charons.TryRemove(region, out var charon))
        {
            await charon.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Brings <paramref name="region"/>'s router back, typically after its charon died: reaps the old process (or stops
    /// it if it still runs), starts a new charon and loads its config. Tunnels this router initiates start on load.
    /// For tunnels it only answers, each initiating peer still holds an IKE_SA the new charon knows nothing of, and
    /// would notice only through dead-peer detection after 5–7 s (docs/lab-notes.md#after-a-charon-restart); so the peer drops that SA and
    /// initiates at once. Returns the time until every tunnel of the region was up again.
    /// </summary>
    public async Task<TimeSpan> RestartRouterAsync(string region, CancellationToken cancellationToken = default)
    {
        _ = _plan.Region(region);
        var stopwatch = Stopwatch.StartNew();
        await StopRouterAsync(region, cancellationToken).ConfigureAwait(false);
        await StartCharonAsync(region, cancellationToken).ConfigureAwait(false);
        await SwanctlFor(region).LoadAllAsync(cancellationToken).ConfigureAwait(false);

        // A tunnel to a peer whose charon is down cannot come up now; it comes back when that peer is restarted.
        var tunnels = _plan.Tunnels.Where(t => t.Involves(region) && IsRunning(t.Peer(region))).ToImmutableArray();
        await Task.WhenAll(tunnels.Where(t => t.ResponderRegion == region).Select(async tunnel =>
        {
            var initiator = SwanctlFor(tunnel.InitiatorRegion);
            await initiator.TerminateIkeAsync(tunnel.Name, cancellationToken).ConfigureAwait(false);
            await initiator.InitiateAsync(tunnel.Name, _options.InitiateTimeout, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);

        await WaitForTunnelsAsync(tunnels, cancellationToken).ConfigureAwait(false);
        return stopwatch.Elapsed;
    }

    /// <summary>
    /// Replaces one tunnel's CHILD_SA from its initiator: <c>--terminate --child</c>, then <c>--initiate --child</c>. Both
    /// ends get new SAs with new SPIs inside the same IKE_SA; no other tunnel is touched. This is the data-path watchdog's
    /// first repair (docs/vpn.md, "Data-path watchdog"). Returns true when the new CHILD_SA was installed.
    /// </summary>
    public async Task<bool> ReinitiateChildAsync(string tunnel, CancellationToken cancellationToken = default)
    {
        var plan = _plan.Tunnels.FirstOrDefault(t => t.Name == tunnel) ?? throw new ArgumentException($"'{tunnel}' is not a planned tunnel", nameof(tunnel));
        var initiator = SwanctlFor(plan.InitiatorRegion);
        await initiator.TerminateChildAsync(tunnel, _options.InitiateTimeout, cancellationToken).ConfigureAwait(false);
        return await initiator.InitiateAsync(tunnel, _options.InitiateTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every charon this mesh started. Idempotent.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_charons.Keys.ToArray().Select(r => StopRouterAsync(r, cancellationToken))).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private bool IsRunning(string region) => _charons.TryGetValue(region, out var charon) && !charon.HasExited;

    private async Task StartCharonAsync(string region, CancellationToken cancellationToken)
    {
        var router = _plan.Host(_plan.Region(region).RouterHost);
        var charon = await _launcher.StartAsync(router, _layout.ForHost(router.Name), cancellationToken).ConfigureAwait(false);
        if (!_charons.TryAdd(region, charon))
        {
            await charon.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"A charon for {region} is already running under this mesh.");
        }
    }

    private async Task WaitForTunnelsAsync(ImmutableArray<TunnelPlan> tunnels, CancellationToken cancellationToken)
    {
        var names = tunnels.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var pending = (await GetTunnelStatusAsync(cancellationToken).ConfigureAwait(false))
                .Where(s => names.Contains(s.Name) && !s.IsUp)
                .ToArray();
            if (pending.Length == 0)
            {
                return;
            }

            if (deadline.Elapsed > _options.TunnelTimeout)
            {
                throw new TimeoutException(
                    $"{pending.Length} tunnel(s) not up after {_options.TunnelTimeout.TotalSeconds:0} s:\n  " +
                    string.Join("\n  ", pending.Select(p => p.Describe())) +
                    $"\nSee charon.log under {_layout.HostsDirectory}/<router>/log/ on both ends.");
            }

            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ImmutableArray<IkeSaStatus>?> TryListSasAsync(string region, CancellationToken cancellationToken)
    {
        if (!IsRunning(region))
        {
            return null;
        }

        try
        {
            return await SwanctlFor(region).ListSasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CommandFailedException)
        {
            return null; // vici not answering counts as down for status; the caller decides what to do about it.
        }
    }

    private static TunnelEndStatus EndOf(TunnelPlan tunnel, string region, Dictionary<string, ImmutableArray<IkeSaStatus>?> byRegion)
    {
        if (byRegion[region] is not { } sas)
        {
            return TunnelEndStatus.Down(region, charonRunning: false);
        }

        // After a peer restart an end can briefly hold two IKE_SAs for one tunnel; the established one with an
        // installed child is the one that carries traffic.
        var candidates = sas.Where(s => s.Name == tunnel.Name)
            .Select(s => (ike: s, child: s.Children.Where(c => c.Name == tunnel.Name).OrderByDescending(c => c.IsInstalled).FirstOrDefault()))
            .OrderByDescending(c => c.ike.State == IkeSaStatus.Established && c.child?.IsInstalled == true)
            .ThenByDescending(c => c.ike.State == IkeSaStatus.Established)
            .ToArray();
        if (candidates.Length == 0)
        {
            return TunnelEndStatus.Down(region, charonRunning: true);
        }

        var (ike, child) = candidates[0];
        return new TunnelEndStatus(
            region,
            true,
            ike.State,
            child?.State,
            child?.BytesIn ?? 0,
            child?.BytesOut ?? 0,
            child?.PacketsIn ?? 0,
            child?.PacketsOut ?? 0);
    }
}
